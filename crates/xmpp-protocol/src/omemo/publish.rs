//! OMEMO on PEP: node names, the publish requests with the publish-options every node needs,
//! fetch requests, the node configuration that repairs a node after `precondition-not-met`,
//! and reading what a fetch or a `+notify` event delivered.

use super::bundle::{LegacyBundle, Omemo2Bundle};
use super::codec::parse_device_id;
use super::device_id::DeviceId;
use super::devicelist::{LegacyDeviceList, Omemo2DeviceList};
use super::form::{DataForm, FORM_TYPE};
use super::pubsub::{ItemsRequest, NodeConfiguration, PubSubItem, PublishRequest};
use crate::ns;
use crate::payload::ParseError;
use crate::stanza::{ErrorCondition, StanzaError};
use crate::xml::Element;

/// The legacy device list node.
pub const LEGACY_DEVICE_LIST_NODE: &str = "eu.siacs.conversations.axolotl.devicelist";
/// Legacy bundles live on one node per device: this prefix followed by the device id.
pub const LEGACY_BUNDLES_NODE_PREFIX: &str = "eu.siacs.conversations.axolotl.bundles:";
/// The OMEMO 2 device list node.
pub const OMEMO2_DEVICES_NODE: &str = "urn:xmpp:omemo:2:devices";
/// The OMEMO 2 bundles node: one item per device, named after the device id.
pub const OMEMO2_BUNDLES_NODE: &str = "urn:xmpp:omemo:2:bundles";
/// The item id of single-item nodes. Readers must not depend on it (Dino uses `1`).
pub const CURRENT_ITEM: &str = "current";

/// Features to announce (XEP-0115 caps / disco#info) so the server pushes contacts' device
/// lists as `+notify` events.
pub const NOTIFY_FEATURES: [&str; 2] = [
    "eu.siacs.conversations.axolotl.devicelist+notify",
    "urn:xmpp:omemo:2:devices+notify",
];

pub const ACCESS_MODEL: &str = "pubsub#access_model";
pub const PERSIST_ITEMS: &str = "pubsub#persist_items";
pub const MAX_ITEMS_FIELD: &str = "pubsub#max_items";

/// The node of one device's legacy bundle.
pub fn legacy_bundle_node(device: DeviceId) -> String {
    format!("{LEGACY_BUNDLES_NODE_PREFIX}{device}")
}

/// The device whose legacy bundle node this is; `None` for any other node.
pub fn legacy_bundle_node_device(node: &str) -> Option<Result<DeviceId, super::DeviceIdError>> {
    node.strip_prefix(LEGACY_BUNDLES_NODE_PREFIX)
        .map(str::parse)
}

/// Publish-options for a node holding one item (device lists, legacy bundles): readable by
/// anyone, so non-contacts and group chat members can build sessions.
pub fn single_item_options() -> DataForm {
    DataForm::submit(
        ns::PUBSUB_PUBLISH_OPTIONS,
        [
            (ACCESS_MODEL, "open"),
            (PERSIST_ITEMS, "true"),
            (MAX_ITEMS_FIELD, "1"),
        ],
    )
}

/// Publish-options for the OMEMO 2 bundles node: with the usual default of one item, each of
/// an account's devices would overwrite the others' bundles.
pub fn omemo2_bundles_options() -> DataForm {
    DataForm::submit(
        ns::PUBSUB_PUBLISH_OPTIONS,
        [
            (ACCESS_MODEL, "open"),
            (PERSIST_ITEMS, "true"),
            (MAX_ITEMS_FIELD, "max"),
        ],
    )
}

impl PublishRequest {
    pub fn legacy_device_list(list: &LegacyDeviceList) -> Self {
        Self::current(
            LEGACY_DEVICE_LIST_NODE.to_owned(),
            list.into(),
            single_item_options(),
        )
    }

    pub fn omemo2_device_list(list: &Omemo2DeviceList) -> Self {
        Self::current(
            OMEMO2_DEVICES_NODE.to_owned(),
            list.into(),
            single_item_options(),
        )
    }

    pub fn legacy_bundle(device: DeviceId, bundle: &LegacyBundle) -> Self {
        Self::current(
            legacy_bundle_node(device),
            bundle.into(),
            single_item_options(),
        )
    }

    pub fn omemo2_bundle(device: DeviceId, bundle: &Omemo2Bundle) -> Self {
        Self {
            node: OMEMO2_BUNDLES_NODE.to_owned(),
            item: PubSubItem::new(Some(device.to_string()), bundle.into()),
            options: Some(omemo2_bundles_options()),
        }
    }

    fn current(node: String, payload: Element, options: DataForm) -> Self {
        Self {
            node,
            item: PubSubItem::new(Some(CURRENT_ITEM.to_owned()), payload),
            options: Some(options),
        }
    }

    /// The same publish without publish-option `var`, for servers that refuse it (ejabberd
    /// 23.01 refuses `pubsub#max_items`); the node must then be configured separately.
    pub fn without_option(&self, var: &str) -> Self {
        Self {
            options: self.options.as_ref().map(|form| form.without(var)),
            ..self.clone()
        }
    }
}

impl ItemsRequest {
    pub fn legacy_device_list() -> Self {
        Self::new(LEGACY_DEVICE_LIST_NODE)
    }

    pub fn omemo2_device_list() -> Self {
        Self::new(OMEMO2_DEVICES_NODE)
    }

    pub fn legacy_bundle(device: DeviceId) -> Self {
        Self {
            max_items: Some(1),
            ..Self::new(legacy_bundle_node(device))
        }
    }

    pub fn omemo2_bundle(device: DeviceId) -> Self {
        Self {
            item_ids: vec![device.to_string()],
            ..Self::new(OMEMO2_BUNDLES_NODE)
        }
    }
}

impl NodeConfiguration {
    /// Submits the node configuration matching a publish's options, to fix a node whose
    /// existing configuration made the publish fail.
    pub fn matching(request: &PublishRequest) -> Self {
        let form = request
            .options
            .as_ref()
            .map_or_else(single_item_options, Clone::clone);
        Self {
            node: request.node.clone(),
            form: Some(form.retyped(ns::PUBSUB_NODE_CONFIG)),
        }
    }
}

/// Why a publish with publish-options failed, as far as the retry strategy cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishFailure {
    /// The node exists with another configuration: configure it, then publish again.
    PreconditionNotMet,
    /// The server refuses one of the options (ejabberd 23.01 answers `resource-constraint` to
    /// `pubsub#max_items`): publish without it, then configure the node.
    OptionRefused,
    /// Anything else; retrying with other options will not help.
    Other(ErrorCondition),
}

impl PublishFailure {
    /// Classifies the raw `<error>` child of an iq error, which still carries the
    /// `pubsub#errors` condition the typed [`StanzaError`] drops.
    pub fn from_error_element(error: &Element) -> Result<Self, ParseError> {
        if error.has_child("precondition-not-met", ns::PUBSUB_ERRORS) {
            return Ok(Self::PreconditionNotMet);
        }
        Ok(Self::from_stanza_error(&StanzaError::try_from(error)?))
    }

    /// Classifies a typed error: XEP-0060 pairs `precondition-not-met` with `<conflict/>`.
    pub fn from_stanza_error(error: &StanzaError) -> Self {
        match &error.condition {
            ErrorCondition::Conflict => Self::PreconditionNotMet,
            ErrorCondition::ResourceConstraint => Self::OptionRefused,
            other => Self::Other(other.clone()),
        }
    }

    /// The `<error>` of an `<iq type='error'>` element, classified.
    pub fn from_iq_element(iq: &Element) -> Option<Result<Self, ParseError>> {
        iq.child_elements()
            .find(|child| child.name == "error")
            .map(Self::from_error_element)
    }
}

/// Publish-options every server we know accepts; ejabberd 23.01 refuses any other field
/// (`pubsub#max_items`, `pubsub#send_last_published_item`) with `resource-constraint`.
pub const PORTABLE_PUBLISH_OPTIONS: [&str; 2] = [ACCESS_MODEL, PERSIST_ITEMS];

/// What a client does after a publish with publish-options failed (OMEMO nodes, XEP-0402
/// bookmarks: any PEP node whose configuration the publish asks for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublishRecovery {
    /// The node exists with another configuration (Prosody): configure it to match the
    /// options, then publish the same request again.
    ConfigureThenRepublish,
    /// The server refuses some of the options (ejabberd 23.01): publish this request, which
    /// keeps only [`PORTABLE_PUBLISH_OPTIONS`] and so creates the node, and once it succeeded
    /// configure the node to match the original options (e.g. to keep more than one item).
    PublishReducedThenConfigure(Box<PublishRequest>),
    /// Anything else: retrying with other options will not help.
    GiveUp,
}

impl PublishRequest {
    /// The next step after this publish failed with `error` (`None`: no answer).
    pub fn recovery(&self, error: Option<&StanzaError>) -> PublishRecovery {
        match error.map(PublishFailure::from_stanza_error) {
            Some(PublishFailure::PreconditionNotMet) => PublishRecovery::ConfigureThenRepublish,
            Some(PublishFailure::OptionRefused) => match self.portable() {
                Some(reduced) => PublishRecovery::PublishReducedThenConfigure(Box::new(reduced)),
                None => PublishRecovery::GiveUp,
            },
            _ => PublishRecovery::GiveUp,
        }
    }

    /// The same publish with only [`PORTABLE_PUBLISH_OPTIONS`]; `None` when it has no other.
    fn portable(&self) -> Option<PublishRequest> {
        let form = self.options.as_ref()?;
        let others: Vec<String> = form
            .fields
            .iter()
            .filter_map(|field| field.var.clone())
            .filter(|var| var != FORM_TYPE && !PORTABLE_PUBLISH_OPTIONS.contains(&var.as_str()))
            .collect();
        if others.is_empty() {
            return None;
        }
        let reduced = others
            .iter()
            .fold(form.clone(), |form, var| form.without(var));
        Some(Self {
            options: Some(reduced),
            ..self.clone()
        })
    }
}

/// What an OMEMO node delivered, from a fetch result or an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OmemoNodeContent {
    LegacyDeviceList(LegacyDeviceList),
    Omemo2DeviceList(Omemo2DeviceList),
    LegacyBundle {
        device: DeviceId,
        bundle: LegacyBundle,
    },
    /// Each item of the bundles node is one device's bundle.
    Omemo2Bundles(Vec<(DeviceId, Omemo2Bundle)>),
}

impl OmemoNodeContent {
    /// Reads the items of `node`; `None` when the node is not an OMEMO node. A device list
    /// node without items is an empty list; of several items the first with a payload counts.
    pub fn from_items(node: &str, items: &[PubSubItem]) -> Option<Result<Self, ParseError>> {
        let first = || items.iter().find_map(|item| item.payload.as_ref());
        let content = match node {
            LEGACY_DEVICE_LIST_NODE => first()
                .map_or(Ok(LegacyDeviceList::default()), LegacyDeviceList::try_from)
                .map(Self::LegacyDeviceList),
            OMEMO2_DEVICES_NODE => first()
                .map_or(Ok(Omemo2DeviceList::default()), Omemo2DeviceList::try_from)
                .map(Self::Omemo2DeviceList),
            OMEMO2_BUNDLES_NODE => items
                .iter()
                .filter_map(omemo2_bundle_item)
                .collect::<Result<_, _>>()
                .map(Self::Omemo2Bundles),
            _ => {
                let device_id = node.strip_prefix(LEGACY_BUNDLES_NODE_PREFIX)?;
                legacy_bundle_content(device_id, first())
            }
        };
        Some(content)
    }
}

fn omemo2_bundle_item(item: &PubSubItem) -> Option<Result<(DeviceId, Omemo2Bundle), ParseError>> {
    let payload = item.payload.as_ref()?;
    let parse = || {
        let id = item.id.as_deref().ok_or(ParseError::MissingAttribute {
            element: "item",
            attribute: "id",
        })?;
        Ok((
            parse_device_id(id, "item", "id")?,
            Omemo2Bundle::try_from(payload)?,
        ))
    };
    Some(parse())
}

/// The bundle on the node of device `device_id` (the node name's suffix).
fn legacy_bundle_content(
    device_id: &str,
    payload: Option<&Element>,
) -> Result<OmemoNodeContent, ParseError> {
    let device = parse_device_id(device_id, "items", "node")?;
    let payload = payload.ok_or(ParseError::MissingChild {
        element: "item",
        child: "bundle",
    })?;
    Ok(OmemoNodeContent::LegacyBundle {
        device,
        bundle: LegacyBundle::try_from(payload)?,
    })
}
