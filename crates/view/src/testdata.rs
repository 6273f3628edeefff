//! Small manifests for the tests: 长沙市 (430100) with 长沙县 (430121, two townships) and 浏阳市
//! (430181, one township); the counties and the city have maps. And 长沙县's catalog with given rows.

use gongkai_catalog::{
    Catalog, DatasetInfo, DisclosureItem, Facets, LevelLabel, Manifest, Measures, Place, PlaceCounts, PlaceKind, Tier,
};

pub fn place(code: &str, name: &str, parent: Option<&str>) -> Place {
    let kind = match (code.len(), parent) {
        (_, None) => PlaceKind::City,
        (6, _) => PlaceKind::County,
        _ => PlaceKind::Township,
    };
    Place {
        code: code.into(),
        name: name.into(),
        kind,
        parent: parent.map(str::to_string),
        // A city's catalog is its template; a township inherits its county's.
        catalog: Some(format!("catalog/{}.json", if kind == PlaceKind::Township { parent.unwrap_or(code) } else { code })),
        brief: None,
        tier: Tier::of_place(kind),
        inherited: kind == PlaceKind::Township,
        entries: None,
        geo: (kind != PlaceKind::Township).then(|| format!("geo/{code}.json")),
        children: None,
        counts: PlaceCounts::default(),
        measures: Measures::default(),
        channels: vec![],
        feed_domains: 0,
        sample_adaptation: false,
        adjustments: None,
    }
}

pub fn manifest() -> Manifest {
    Manifest {
        format_version: gongkai_catalog::FORMAT_VERSION,
        dataset: DatasetInfo {
            title: "t".into(),
            description: String::new(),
            as_of: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
            sample: None,
            credits: vec![],
        },
        domains: vec![],
        places: vec![
            place("430100", "长沙市", None),
            place("430121", "长沙县", Some("430100")),
            place("430121001", "星沙街道", Some("430121")),
            place("430121004", "㮾梨街道", Some("430121")),
            place("430181", "浏阳市", Some("430100")),
            place("430181001", "淮川街道", Some("430181")),
        ],
        facets: Facets::default(),
        files: Default::default(),
        search: None,
        hant: None,
        locate: None,
        map: None,
    }
}

/// 长沙县's catalog (430121) with its two level columns, 县级 and 乡级, and these rows.
pub fn county_catalog(items: Vec<DisclosureItem>) -> Catalog {
    Catalog {
        format_version: 1,
        owner: "430121".into(),
        levels: vec![
            LevelLabel { label: "县级".into(), tier: Tier::County },
            LevelLabel { label: "乡级".into(), tier: Tier::Township },
        ],
        extra_columns: vec![],
        items,
        not_applicable: vec![],
        brief: false,
    }
}
