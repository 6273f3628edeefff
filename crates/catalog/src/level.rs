//! Disclosure levels (公开层级). Catalogs label their level columns in local words (县级/乡级, 区级/镇街级,
//! 市级/县级/乡级, 镇级/村级, 乡、村级 …). The explorer keeps the labels for display and maps each one to a
//! [`Tier`] of government, which is what decides where a row applies.

use serde::{Deserialize, Serialize};

/// A tier of government, from the top down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    /// A province's: no catalog applies at this tier (a province has none); it is the tier of its place.
    Province,
    City,
    County,
    Township,
    Village,
}

impl Tier {
    /// Maps the level labels of one catalog, in column order (top tier first), to tiers.
    ///
    /// 市 is ambiguous: a county-level city (浏阳市) writes 市级/镇(街)级, where 市级 is the county tier.
    /// So 市 is the city tier only when another label of the same catalog is a county (县/区).
    /// A label that names nothing recognisable takes the tier below the previous label.
    pub fn classify(labels: &[String]) -> Vec<Tier> {
        let has_county_label = labels.iter().any(|l| l.contains('县') || l.contains('区'));
        let mut out: Vec<Tier> = Vec::with_capacity(labels.len());
        for label in labels {
            let t = if label.contains('村') || label.contains('居') || label.contains("社区") {
                Some(Tier::Village)
            } else if label.contains('乡') || label.contains('镇') || label.contains('街') {
                Some(Tier::Township)
            } else if label.contains('县') || label.contains('区') {
                Some(Tier::County)
            } else if label.contains('市') {
                Some(if has_county_label { Tier::City } else { Tier::County })
            } else {
                None
            };
            let t = t.unwrap_or_else(|| match out.last() {
                Some(Tier::City) => Tier::County,
                Some(Tier::County) => Tier::Township,
                Some(_) => Tier::Village,
                None => Tier::County,
            });
            out.push(t);
        }
        out
    }

    /// The tier a place of this kind governs at.
    pub fn of_place(kind: crate::PlaceKind) -> Tier {
        match kind {
            crate::PlaceKind::Province => Tier::Province,
            crate::PlaceKind::City => Tier::City,
            crate::PlaceKind::County => Tier::County,
            crate::PlaceKind::Township => Tier::Township,
        }
    }

    pub fn name_zh(self) -> &'static str {
        match self {
            Tier::Province => "省级",
            Tier::City => "市级",
            Tier::County => "县级",
            Tier::Township => "乡级",
            Tier::Village => "村级",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiers(labels: &[&str]) -> Vec<Tier> {
        Tier::classify(&labels.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn every_level_label_variant_seen_in_real_catalogs_maps_to_a_tier() {
        use Tier::*;
        assert_eq!(tiers(&["县级", "乡级"]), [County, Township]);
        assert_eq!(tiers(&["区级", "镇街级"]), [County, Township]);
        assert_eq!(tiers(&["市级", "镇(街)级"]), [County, Township]);
        assert_eq!(tiers(&["镇级", "村级"]), [Township, Village]);
        assert_eq!(tiers(&["市级", "县级", "乡级"]), [City, County, Township]);
        assert_eq!(tiers(&["乡、村级"]), [Village]);
    }
}
