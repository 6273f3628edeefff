//! Finding catalog items for the rows of entries and links: by id, and by name for "did you mean".

use crate::assemble::AssembledCatalogs;
use gongkai_catalog::Catalog;
use std::collections::HashMap;

/// The catalog items whose names are closest to `wanted` (at most three), for "did you mean".
pub fn closest_items(catalog: &Catalog, domain: Option<u8>, wanted: &str) -> Vec<String> {
    let wanted_grams = grams(wanted);
    let mut scored: Vec<(u32, String)> = catalog
        .items
        .iter()
        .filter(|i| domain.is_none_or(|d| d == i.domain))
        .map(|i| {
            let name = i.path.join(" / ");
            (similarity(&wanted_grams, &grams(&name)), name)
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().filter(|(s, _)| *s > 0).take(3).map(|(_, n)| n).collect()
}

/// Characters and character pairs of a name, ignoring separators: Chinese names share these when they
/// are near misses (低保 / 最低生活保障 share 低, 保).
fn grams(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace() && !"/、，,（）()".contains(*c)).collect();
    let mut g: Vec<String> = chars.iter().map(|c| c.to_string()).collect();
    g.extend(chars.windows(2).map(|w| w.iter().collect::<String>()));
    g.sort();
    g
}

/// Dice coefficient of two sorted gram lists, in per mille.
fn similarity(a: &[String], b: &[String]) -> u32 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
        }
    }
    (2000 * common / (a.len() + b.len())) as u32
}

/// Item index by id, per catalog.
pub fn id_indexes(assembled: &AssembledCatalogs) -> Vec<HashMap<String, usize>> {
    assembled
        .catalogs
        .iter()
        .map(|c| c.items.iter().enumerate().map(|(i, item)| (item.id.clone(), i)).collect())
        .collect()
}
