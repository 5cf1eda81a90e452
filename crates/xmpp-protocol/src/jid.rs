//! JIDs (RFC 7622): bare and full addresses as distinct types, so code that needs a resource
//! (a bound session, a MUC occupant) cannot be handed a bare one by mistake.
//!
//! Normalisation is deliberately simpler than full PRECIS: node and domain are lowercased
//! (Unicode `to_lowercase`), a trailing dot is dropped from the domain, the resource is kept as
//! is. That is enough to compare the addresses servers send back with the ones we hold.

use std::fmt;
use std::net::Ipv6Addr;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The largest node, domain or resource part, in bytes (RFC 7622 §3.2–3.4).
pub const MAX_PART_BYTES: usize = 1023;

/// Characters RFC 7622 §3.3.1 forbids in a localpart.
const FORBIDDEN_IN_NODE: &[char] = &['"', '&', '\'', '/', ':', '<', '>', '@', ' '];

/// Why a string is not a valid JID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JidError {
    #[error("the JID is empty")]
    Empty,
    #[error("the JID has an '@' but nothing before it")]
    EmptyNode,
    #[error("the JID has no domain")]
    EmptyDomain,
    #[error("the JID has a '/' but nothing after it")]
    EmptyResource,
    #[error("the node part is {len} bytes long; at most {MAX_PART_BYTES} are allowed")]
    NodeTooLong { len: usize },
    #[error("the domain is {len} bytes long; at most {MAX_PART_BYTES} are allowed")]
    DomainTooLong { len: usize },
    #[error("the resource is {len} bytes long; at most {MAX_PART_BYTES} are allowed")]
    ResourceTooLong { len: usize },
    #[error("the node part may not contain {0:?}")]
    ForbiddenCharInNode(char),
    #[error("the resource may not contain the control character {0:?}")]
    ForbiddenCharInResource(char),
    #[error("the domain {domain:?} is not valid: {reason}")]
    InvalidDomain {
        domain: String,
        reason: &'static str,
    },
    #[error("a bare JID was expected but {0:?} has a resource")]
    UnexpectedResource(String),
    #[error("a full JID was expected but {0:?} has no resource")]
    MissingResource(String),
}

/// `node@domain` or just `domain`: an account, a server or a room.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BareJid {
    node: Option<String>,
    domain: String,
}

/// `node@domain/resource`: one connected client, or one occupant of a room.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FullJid {
    bare: BareJid,
    resource: String,
}

/// Either kind of JID, as found in `from` and `to` attributes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Jid {
    Bare(BareJid),
    Full(FullJid),
}

impl BareJid {
    /// Builds a bare JID from its parts, validating and normalising each.
    pub fn from_parts(node: Option<&str>, domain: &str) -> Result<Self, JidError> {
        let node = match node {
            Some(node) => Some(normalise_node(node)?),
            None => None,
        };
        Ok(Self {
            node,
            domain: normalise_domain(domain)?,
        })
    }

    pub fn node(&self) -> Option<&str> {
        self.node.as_deref()
    }

    pub fn domain(&self) -> &str {
        &self.domain
    }

    /// The server this account lives on, as a JID.
    pub fn domain_jid(&self) -> BareJid {
        Self {
            node: None,
            domain: self.domain.clone(),
        }
    }

    pub fn with_resource(&self, resource: &str) -> Result<FullJid, JidError> {
        Ok(FullJid {
            bare: self.clone(),
            resource: check_resource(resource)?,
        })
    }
}

impl FullJid {
    pub fn node(&self) -> Option<&str> {
        self.bare.node()
    }

    pub fn domain(&self) -> &str {
        self.bare.domain()
    }

    pub fn resource(&self) -> &str {
        &self.resource
    }

    pub fn to_bare(&self) -> BareJid {
        self.bare.clone()
    }

    pub fn as_bare(&self) -> &BareJid {
        &self.bare
    }
}

impl Jid {
    pub fn node(&self) -> Option<&str> {
        self.as_bare().node()
    }

    pub fn domain(&self) -> &str {
        self.as_bare().domain()
    }

    pub fn resource(&self) -> Option<&str> {
        match self {
            Jid::Bare(_) => None,
            Jid::Full(full) => Some(full.resource()),
        }
    }

    pub fn to_bare(&self) -> BareJid {
        self.as_bare().clone()
    }

    pub fn as_bare(&self) -> &BareJid {
        match self {
            Jid::Bare(bare) => bare,
            Jid::Full(full) => full.as_bare(),
        }
    }

    pub fn is_full(&self) -> bool {
        matches!(self, Jid::Full(_))
    }
}

impl FromStr for Jid {
    type Err = JidError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.is_empty() {
            return Err(JidError::Empty);
        }
        // RFC 7622 §3.2: the resource starts at the first '/', the node ends at the first '@'
        // before it; both may themselves contain the other separator only where allowed.
        let (address, resource) = match s.split_once('/') {
            Some((address, resource)) => (address, Some(resource)),
            None => (s, None),
        };
        let (node, domain) = match address.split_once('@') {
            Some((node, domain)) => {
                if node.is_empty() {
                    return Err(JidError::EmptyNode);
                }
                (Some(node), domain)
            }
            None => (None, address),
        };
        let bare = BareJid::from_parts(node, domain)?;
        match resource {
            Some(resource) => Ok(Jid::Full(bare.with_resource(resource)?)),
            None => Ok(Jid::Bare(bare)),
        }
    }
}

impl FromStr for BareJid {
    type Err = JidError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.parse::<Jid>()? {
            Jid::Bare(bare) => Ok(bare),
            Jid::Full(_) => Err(JidError::UnexpectedResource(s.to_owned())),
        }
    }
}

impl FromStr for FullJid {
    type Err = JidError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.parse::<Jid>()? {
            Jid::Full(full) => Ok(full),
            Jid::Bare(_) => Err(JidError::MissingResource(s.to_owned())),
        }
    }
}

macro_rules! jid_conversions {
    ($($ty:ty),*) => {$(
        impl TryFrom<&str> for $ty {
            type Error = JidError;
            fn try_from(s: &str) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl TryFrom<String> for $ty {
            type Error = JidError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                s.parse()
            }
        }

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = String::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}

jid_conversions!(Jid, BareJid, FullJid);

impl fmt::Display for BareJid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.node {
            Some(node) => write!(f, "{node}@{}", self.domain),
            None => f.write_str(&self.domain),
        }
    }
}

impl fmt::Display for FullJid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.bare, self.resource)
    }
}

impl fmt::Display for Jid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Jid::Bare(bare) => bare.fmt(f),
            Jid::Full(full) => full.fmt(f),
        }
    }
}

impl From<BareJid> for Jid {
    fn from(bare: BareJid) -> Self {
        Jid::Bare(bare)
    }
}

impl From<FullJid> for Jid {
    fn from(full: FullJid) -> Self {
        Jid::Full(full)
    }
}

impl From<FullJid> for BareJid {
    fn from(full: FullJid) -> Self {
        full.bare
    }
}

impl PartialEq<BareJid> for Jid {
    fn eq(&self, other: &BareJid) -> bool {
        matches!(self, Jid::Bare(bare) if bare == other)
    }
}

impl PartialEq<FullJid> for Jid {
    fn eq(&self, other: &FullJid) -> bool {
        matches!(self, Jid::Full(full) if full == other)
    }
}

fn normalise_node(node: &str) -> Result<String, JidError> {
    if node.is_empty() {
        return Err(JidError::EmptyNode);
    }
    if let Some(c) = node
        .chars()
        .find(|c| FORBIDDEN_IN_NODE.contains(c) || c.is_control() || c.is_whitespace())
    {
        return Err(JidError::ForbiddenCharInNode(c));
    }
    let node = node.to_lowercase();
    if node.len() > MAX_PART_BYTES {
        return Err(JidError::NodeTooLong { len: node.len() });
    }
    Ok(node)
}

fn normalise_domain(domain: &str) -> Result<String, JidError> {
    let trimmed = domain.strip_suffix('.').unwrap_or(domain);
    if trimmed.is_empty() {
        return Err(JidError::EmptyDomain);
    }
    let invalid = |reason| JidError::InvalidDomain {
        domain: domain.to_owned(),
        reason,
    };
    let lowered = trimmed.to_lowercase();
    if lowered.len() > MAX_PART_BYTES {
        return Err(JidError::DomainTooLong { len: lowered.len() });
    }
    if let Some(literal) = lowered.strip_prefix('[') {
        let address = literal
            .strip_suffix(']')
            .ok_or(invalid("an IPv6 literal must end with ']'"))?;
        address
            .parse::<Ipv6Addr>()
            .map_err(|_| invalid("not a valid IPv6 address"))?;
        return Ok(lowered);
    }
    for label in lowered.split('.') {
        if label.is_empty() {
            return Err(invalid("it has an empty label"));
        }
        if label.chars().any(char::is_whitespace) {
            return Err(invalid("it contains a space"));
        }
        if label
            .chars()
            .any(|c| c.is_control() || (c.is_ascii() && !is_ascii_domain_char(c)))
        {
            return Err(invalid(
                "it contains a character not allowed in a domain name",
            ));
        }
    }
    Ok(lowered)
}

fn is_ascii_domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

fn check_resource(resource: &str) -> Result<String, JidError> {
    if resource.is_empty() {
        return Err(JidError::EmptyResource);
    }
    if resource.len() > MAX_PART_BYTES {
        return Err(JidError::ResourceTooLong {
            len: resource.len(),
        });
    }
    if let Some(c) = resource.chars().find(|c| c.is_control()) {
        return Err(JidError::ForbiddenCharInResource(c));
    }
    Ok(resource.to_owned())
}
