//! The facet values of the manifest ([`gongkai_catalog::Facets`]): what the catalogs of the whole
//! dataset offer to filter by. The app narrows them to one place's items (`gongkai_catalog::filter`).

use gongkai_catalog::{Catalog, ExtraFacet, Facets, Tier, CHANNELS};
use std::collections::{BTreeMap, BTreeSet};

/// An extra column becomes a filter facet only with at most this many distinct values.
pub const MAX_EXTRA_FACET_VALUES: usize = 12;

/// The facet values present in the catalogs, in display order: levels by tier, modes and audiences in
/// their fixed order, channels in checklist order then others by name, extras by column name.
pub fn facets(catalogs: &[Catalog]) -> Facets {
    let mut levels: BTreeSet<(Tier, &str)> = BTreeSet::new();
    let mut modes = BTreeSet::new();
    let mut audiences: BTreeSet<&'static str> = BTreeSet::new();
    // Sorted below; a hash set while gathering (millions of channel names at national scale).
    let mut channels: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut extras: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for c in catalogs {
        // The catalog's level labels its items use, gathered once per catalog.
        let mut used = vec![false; c.levels.len()];
        for item in &c.items {
            for &l in &item.levels {
                if let Some(u) = used.get_mut(l as usize) {
                    *u = true;
                }
            }
            modes.extend(item.modes.iter().copied());
            audiences.extend(item.audience.iter().map(|a| a.label()));
            channels.extend(item.channels.iter().chain(&item.township_channels).map(String::as_str));
            for (k, v) in &item.extras {
                if let Some(name) = c.extra_columns.get(*k as usize) {
                    let set = extras.entry(name).or_default();
                    // One past the limit is enough to know the column is not a facet.
                    if set.len() <= MAX_EXTRA_FACET_VALUES {
                        set.insert(v.trim());
                    }
                }
            }
        }
        levels.extend(c.levels.iter().zip(used).filter(|(_, u)| *u).map(|(ll, _)| (ll.tier, ll.label.as_str())));
    }
    let rank = |c: &str| CHANNELS.iter().position(|k| *k == c).unwrap_or(CHANNELS.len());
    let mut channels: Vec<&str> = channels.into_iter().collect();
    channels.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
    let audience_order = ["全社会", "特定群体"];
    Facets {
        levels: levels.into_iter().map(|(_, l)| l.to_string()).fold(Vec::new(), |mut v, l| {
            if !v.contains(&l) {
                v.push(l);
            }
            v
        }),
        modes: modes.into_iter().map(|m| m.label().to_string()).collect(),
        audiences: audience_order.iter().filter(|a| audiences.contains(*a)).map(|a| a.to_string()).collect(),
        channels: channels.into_iter().map(str::to_string).collect(),
        extras: extras
            .into_iter()
            .filter(|(_, vals)| !vals.is_empty() && vals.len() <= MAX_EXTRA_FACET_VALUES)
            .map(|(name, vals)| ExtraFacet {
                name: name.to_string(),
                values: vals.into_iter().filter(|v| !v.is_empty()).map(str::to_string).collect(),
            })
            .filter(|f| !f.values.is_empty())
            .collect(),
    }
}
