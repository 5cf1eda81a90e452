//! OMEMO device ids: positive signed 32-bit integers, because Java clients parse them with
//! `Integer.parseInt` and broke on larger values (Conversations#2061).

use std::fmt;
use std::str::FromStr;

/// A device id in `1..=2^31-1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId(u32);

/// Why a value is not a usable device id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeviceIdError {
    #[error("device id {value:?} is not a decimal number")]
    NotANumber { value: String },
    #[error("device id {value} is outside 1..=2147483647")]
    OutOfRange { value: String },
}

impl DeviceId {
    pub const MIN: u32 = 1;
    pub const MAX: u32 = 0x7FFF_FFFF;

    pub fn new(id: u32) -> Result<Self, DeviceIdError> {
        if (Self::MIN..=Self::MAX).contains(&id) {
            Ok(Self(id))
        } else {
            Err(DeviceIdError::OutOfRange {
                value: id.to_string(),
            })
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for DeviceId {
    type Error = DeviceIdError;

    fn try_from(id: u32) -> Result<Self, DeviceIdError> {
        Self::new(id)
    }
}

impl From<DeviceId> for u32 {
    fn from(id: DeviceId) -> Self {
        id.0
    }
}

impl FromStr for DeviceId {
    type Err = DeviceIdError;

    fn from_str(s: &str) -> Result<Self, DeviceIdError> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            let value: String = s.chars().take(32).collect();
            return Err(DeviceIdError::NotANumber { value });
        }
        let out_of_range = || DeviceIdError::OutOfRange {
            value: s.chars().take(32).collect(),
        };
        let id: u32 = s.parse().map_err(|_| out_of_range())?;
        Self::new(id).map_err(|_| out_of_range())
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn accepts_exactly_the_positive_signed_range() {
        assert_eq!("1".parse::<DeviceId>().unwrap().get(), 1);
        assert_eq!(
            "2147483647".parse::<DeviceId>().unwrap().get(),
            DeviceId::MAX
        );
        for bad in ["0", "2147483648", "4294967296", "99999999999999999999999"] {
            assert!(
                matches!(
                    bad.parse::<DeviceId>(),
                    Err(DeviceIdError::OutOfRange { .. })
                ),
                "{bad}"
            );
        }
        for bad in ["", "-1", "+5", " 5", "12a", "0x10"] {
            assert!(
                matches!(
                    bad.parse::<DeviceId>(),
                    Err(DeviceIdError::NotANumber { .. })
                ),
                "{bad}"
            );
        }
        assert!(DeviceId::new(0).is_err());
        assert!(DeviceId::try_from(u32::MAX).is_err());
    }
}
