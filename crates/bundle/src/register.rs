//! The register of places (`places.csv`): city → county → township, with NBS codes.

use gongkai_catalog::PlaceKind;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredPlace {
    pub code: String,
    pub name: String,
    pub kind: PlaceKind,
    pub parent: Option<String>,
}

/// All places, in register order (each city, then its counties, each followed by its townships).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Register {
    pub places: Vec<RegisteredPlace>,
}

impl Register {
    pub fn get(&self, code: &str) -> Option<&RegisteredPlace> {
        self.places.iter().find(|p| p.code == code)
    }

    pub fn children<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a RegisteredPlace> + 'a {
        self.places.iter().filter(move |p| p.parent.as_deref() == Some(code))
    }
}
