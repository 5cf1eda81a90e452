//! Device lists: legacy `<list><device id/></list>` and OMEMO 2
//! `<devices><device id label labelsig/></devices>`.
//!
//! Read leniently, as the interop note asks: unknown children are ignored and a `<device>`
//! that cannot be used is set aside in `rejected` (with the reason) instead of failing the
//! whole list, so one buggy entry does not cut off every other device of a contact.
//! Repeated ids keep their first entry.

use super::codec::{decode, device_id, too_many};
use super::device_id::DeviceId;
use super::MAX_DEVICES;
use crate::ns;
use crate::payload::{expect_element, ParseError};
use crate::xml::Element;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LegacyDeviceList {
    pub devices: Vec<DeviceId>,
    /// Why `<device>` entries were skipped while parsing; never serialised.
    pub rejected: Vec<ParseError>,
}

/// One OMEMO 2 device with its optional label and the label's Ed25519 signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Omemo2Device {
    pub id: DeviceId,
    pub label: Option<String>,
    pub label_signature: Option<Vec<u8>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Omemo2DeviceList {
    pub devices: Vec<Omemo2Device>,
    /// Why `<device>` entries were skipped while parsing; never serialised.
    pub rejected: Vec<ParseError>,
}

impl LegacyDeviceList {
    pub fn new(devices: Vec<DeviceId>) -> Self {
        Self {
            devices,
            rejected: Vec::new(),
        }
    }

    pub fn contains(&self, id: DeviceId) -> bool {
        self.devices.contains(&id)
    }
}

impl Omemo2Device {
    pub fn new(id: DeviceId) -> Self {
        Self {
            id,
            label: None,
            label_signature: None,
        }
    }
}

impl Omemo2DeviceList {
    pub fn new(devices: Vec<Omemo2Device>) -> Self {
        Self {
            devices,
            rejected: Vec::new(),
        }
    }

    pub fn contains(&self, id: DeviceId) -> bool {
        self.devices.iter().any(|device| device.id == id)
    }

    pub fn ids(&self) -> impl Iterator<Item = DeviceId> + '_ {
        self.devices.iter().map(|device| device.id)
    }
}

/// Runs `parse` over the `<device>` children, keeping the first entry per id.
fn collect_devices<T>(
    element: &Element,
    namespace: &str,
    context: &'static str,
    parse: impl Fn(&Element) -> Result<T, ParseError>,
    id_of: impl Fn(&T) -> DeviceId,
) -> Result<(Vec<T>, Vec<ParseError>), ParseError> {
    let (mut devices, mut rejected) = (Vec::<T>::new(), Vec::new());
    for child in element.children_named("device", namespace) {
        if devices.len() + rejected.len() >= MAX_DEVICES {
            return Err(too_many(context, "devices", MAX_DEVICES));
        }
        match parse(child) {
            Ok(device) if devices.iter().any(|known| id_of(known) == id_of(&device)) => {}
            Ok(device) => devices.push(device),
            Err(error) => rejected.push(error),
        }
    }
    Ok((devices, rejected))
}

impl TryFrom<&Element> for LegacyDeviceList {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "list", ns::OMEMO_LEGACY)?;
        let (devices, rejected) = collect_devices(
            element,
            ns::OMEMO_LEGACY,
            "list",
            |device| device_id(device, "device", "id"),
            |id| *id,
        )?;
        Ok(Self { devices, rejected })
    }
}

impl From<&LegacyDeviceList> for Element {
    fn from(list: &LegacyDeviceList) -> Self {
        Element::builder("list", ns::OMEMO_LEGACY)
            .append_all(list.devices.iter().map(|id| {
                Element::builder("device", ns::OMEMO_LEGACY)
                    .attr("id", id.to_string())
                    .build()
            }))
            .build()
    }
}

impl From<LegacyDeviceList> for Element {
    fn from(list: LegacyDeviceList) -> Self {
        Element::from(&list)
    }
}

impl TryFrom<&Element> for Omemo2Device {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "device", ns::OMEMO2)?;
        Ok(Self {
            id: device_id(element, "device", "id")?,
            label: element.attr("label").map(str::to_owned),
            label_signature: element
                .attr("labelsig")
                .map(|sig| decode("device", sig))
                .transpose()?,
        })
    }
}

impl From<&Omemo2Device> for Element {
    fn from(device: &Omemo2Device) -> Self {
        Element::builder("device", ns::OMEMO2)
            .attr("id", device.id.to_string())
            .attr_opt("label", device.label.clone())
            .attr_opt(
                "labelsig",
                device.label_signature.as_deref().map(super::codec::encode),
            )
            .build()
    }
}

impl From<Omemo2Device> for Element {
    fn from(device: Omemo2Device) -> Self {
        Element::from(&device)
    }
}

impl TryFrom<&Element> for Omemo2DeviceList {
    type Error = ParseError;

    fn try_from(element: &Element) -> Result<Self, ParseError> {
        expect_element(element, "devices", ns::OMEMO2)?;
        let (devices, rejected) = collect_devices(
            element,
            ns::OMEMO2,
            "devices",
            |device| Omemo2Device::try_from(device),
            |d| d.id,
        )?;
        Ok(Self { devices, rejected })
    }
}

impl From<&Omemo2DeviceList> for Element {
    fn from(list: &Omemo2DeviceList) -> Self {
        Element::builder("devices", ns::OMEMO2)
            .append_all(list.devices.iter().map(Element::from))
            .build()
    }
}

impl From<Omemo2DeviceList> for Element {
    fn from(list: Omemo2DeviceList) -> Self {
        Element::from(&list)
    }
}
