//! Synthetic source folders (docs/source-format.md), to measure the build step and the app at scale.
//!
//! - This module: a made-up province (`synth --cities …`), at 10× and 100× the default dataset. Seeded
//!   and deterministic: the same config writes the same bytes. Codes start with 99 (no real province),
//!   `dataset.toml` marks everything as sample, and county outlines are hexagon tiles, so nothing here
//!   can be mistaken for real data.
//! - [`preset`]: `synth --preset city|province|national`, real-shaped: the real national register
//!   ([`nbs`]) and outlines, with the real rows of `data/` as vocabulary ([`vocabulary`]).

pub mod nbs;
pub mod preset;
pub mod vocabulary;

use gongkai_catalog::DOMAINS;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SynthConfig {
    pub seed: u64,
    pub cities: u32,
    pub counties_per_city: u32,
    pub townships_per_county: u32,
    /// Published entries in total, spread over counties and townships.
    pub entries: u64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig { seed: 1, cities: 2, counties_per_city: 7, townships_per_county: 18, entries: 10_000 }
    }
}

impl SynthConfig {
    /// Limits that NBS codes impose: 2 digits of city and county, 3 of township.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=99).contains(&self.cities) || !(1..=99).contains(&self.counties_per_city) {
            return Err("--cities 与 --counties-per-city 应在 1–99 之间 / must be 1–99".into());
        }
        if self.townships_per_county > 999 {
            return Err("--townships-per-county 应在 0–999 之间 / must be 0–999".into());
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SynthStats {
    pub places: u64,
    pub catalog_files: u64,
    pub entries: u64,
}

/// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for test data.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() as u128 * n as u128) >> 64) as u64
    }

    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const SYLLABLES: &[&str] = &[
    "青", "石", "安", "河", "云", "松", "平", "溪", "龙", "桂", "白", "金", "湖", "田", "山", "新", "兴", "丰", "宁", "花",
    "清", "东", "西", "南", "北", "长", "乐", "泉", "岭", "洲",
];
const FIRST_LEVEL: &[&str] = &[
    "政策文件", "办事指南", "审核信息", "审批结果", "资金管理", "项目信息", "监督检查", "行政许可", "行政处罚", "公共服务",
    "统计信息", "规划计划", "应急管理", "信用信息", "咨询投诉", "机构职能",
];
const SUBJECTS: &[&str] = &[
    "补贴", "登记", "备案", "名单", "标准", "资金", "项目", "设施", "机构", "人员", "档案", "证照", "许可证", "计划", "合同",
    "公告", "结果", "方案", "报告", "服务",
];
const ACTIONS: &[&str] = &["发放", "审核", "公示", "变更", "注销", "申请", "核发", "评估", "验收", "查询"];
const TIME_LIMITS: &[&str] = &[
    "信息形成或者变更之日起20个工作日内",
    "制定或获取信息之日起10个工作日内",
    "制定或获取信息之日起10个工作日内，公示7个工作日",
    "本级人民代表大会或其常务委员会批准后20日内",
    "实时",
    "长期公开",
];
const CHANNEL_SETS: &[&str] = &["政府网站", "政府网站、政务服务中心", "政府网站、两微一端", "政府网站、入户/现场、村公示栏"];
const FIVE: &[&str] = &["决策", "执行", "管理", "服务", "结果"];

/// One row of a synthetic catalog.
#[derive(Debug, Clone)]
struct SynthItem {
    domain: usize,
    first: String,
    second: String,
    township: bool,
    row: Vec<String>,
}

fn place_name(rng: &mut SplitMix64, suffix: &str) -> String {
    format!("{}{}{suffix}", rng.pick(SYLLABLES), rng.pick(SYLLABLES))
}

/// The city template: about 50 items per domain, like the national guidelines.
fn template(rng: &mut SplitMix64) -> Vec<SynthItem> {
    let mut items = Vec::new();
    for (d, domain) in DOMAINS.iter().enumerate() {
        let firsts = 4 + rng.below(5) as usize;
        let offset = rng.below(FIRST_LEVEL.len() as u64) as usize;
        for i in 0..firsts {
            let first = FIRST_LEVEL[(offset + i) % FIRST_LEVEL.len()].to_string();
            let seconds = 5 + rng.below(8) as usize;
            for j in 0..seconds {
                let second = format!("{}{}", SUBJECTS[(j + i * 3) % SUBJECTS.len()], ACTIONS[(j * 7 + i + d) % ACTIONS.len()]);
                items.push(synth_item(rng, d, domain.name, first.clone(), second));
            }
        }
    }
    items
}

fn synth_item(rng: &mut SplitMix64, d: usize, domain_name: &str, first: String, second: String) -> SynthItem {
    let township = rng.chance(600);
    let tick = |b: bool| if b { "√" } else { "" }.to_string();
    let specific = rng.chance(150);
    let on_request = rng.chance(100);
    let row = vec![
        String::new(),
        first.clone(),
        second.clone(),
        format!("{second}的依据、条件、程序、结果"),
        format!("《{domain_name}相关条例》"),
        rng.pick(TIME_LIMITS).to_string(),
        format!("县级{domain_name}主管部门"),
        rng.pick(CHANNEL_SETS).to_string(),
        tick(!specific),
        tick(specific),
        tick(!on_request),
        tick(on_request),
        tick(true),
        tick(township),
        rng.pick(FIVE).to_string(),
    ];
    SynthItem { domain: d, first, second, township, row }
}

const HEADER_1: &[&str] = &[
    "序号", "公开事项", "", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "公开对象", "", "公开方式", "",
    "公开层级", "", "五公开",
];
const HEADER_2: &[&str] = &["", "一级事项", "二级事项", "", "", "", "", "", "全社会", "特定群体", "主动", "依申请", "县级", "乡级", ""];

fn write_catalog(path: &Path, items: &[&SynthItem]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(BufWriter::new(fs::File::create(path)?));
    w.write_record(HEADER_1)?;
    w.write_record(HEADER_2)?;
    for (n, item) in items.iter().enumerate() {
        let mut row = item.row.clone();
        row[0] = (n + 1).to_string();
        w.write_record(&row)?;
    }
    w.flush()
}

/// Writes a synthetic source folder to `out` (created; must not exist or be empty).
pub fn synthesize(config: &SynthConfig, out: &Path) -> io::Result<SynthStats> {
    config.check().map_err(io::Error::other)?;
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::other(format!("{} exists and is not empty", out.display())));
    }
    let mut rng = SplitMix64::new(config.seed);
    let mut stats = SynthStats::default();
    for sub in ["catalogs", "entries", "links", "geo/counties"] {
        fs::create_dir_all(out.join(sub))?;
    }
    fs::write(
        out.join("dataset.toml"),
        format!(
            "title = \"合成省基层政务公开事项目录（种子{seed}）\"\n\
             description = \"由 gongkai-bundle synth 生成的合成数据，用于测量构建与浏览性能。\"\n\
             sample = \"全部为合成示例数据，地名、事项和发布信息均为虚构 / entirely synthetic sample data: places, items and entries are made up\"\n\n\
             [[credits]]\npart = \"全部数据 all data\"\nsource = \"gongkai-bundle synth --seed {seed}\"\nlicense = \"MIT\"\n",
            seed = config.seed
        ),
    )?;

    let template = template(&mut rng);
    let mut places = csv::Writer::from_writer(BufWriter::new(fs::File::create(out.join("places.csv"))?));
    places.write_record(["代码", "名称", "上级代码"])?;
    let mut links = csv::Writer::from_writer(BufWriter::new(fs::File::create(out.join("links/links.csv"))?));
    links.write_record(["领域", "一级事项", "二级事项", "三级事项", "我要看", "我要办"])?;
    for (n, item) in template.iter().enumerate().filter(|(n, _)| n % 17 == 0) {
        links.write_record([
            DOMAINS[item.domain].name,
            &item.first,
            &item.second,
            "",
            "",
            &format!("https://zwfw.example.cn/item/{n}"),
        ])?;
    }
    links.flush()?;

    let counties_total = u64::from(config.cities * config.counties_per_city);
    let per_county = config.entries / counties_total.max(1);
    let mut remainder = config.entries % counties_total.max(1);
    let grid = (counties_total as f64).sqrt().ceil().max(1.0) as u64;
    let mut county_no = 0u64;
    let mut seq = 0u64;
    for c in 1..=config.cities {
        let city = format!("99{c:02}00");
        places.write_record([city.as_str(), &place_name(&mut rng, "市"), ""])?;
        let city_dir = out.join("catalogs").join(&city);
        fs::create_dir_all(&city_dir)?;
        for (d, domain) in DOMAINS.iter().enumerate() {
            let rows: Vec<&SynthItem> = template.iter().filter(|i| i.domain == d).collect();
            write_catalog(&city_dir.join(format!("{}.csv", domain.name)), &rows)?;
            stats.catalog_files += 1;
        }
        let mut city_hexes = Vec::new();
        for k in 1..=config.counties_per_city {
            let county = format!("99{c:02}{k:02}");
            places.write_record([county.as_str(), &place_name(&mut rng, "县"), &city])?;
            stats.places += 1;
            // A quarter of the counties override one domain: some rows dropped, two of their own added.
            let mut catalog: Vec<SynthItem> = template.clone();
            if rng.chance(250) {
                let d = rng.below(26) as usize;
                let mut rows: Vec<SynthItem> = template.iter().filter(|i| i.domain == d && !rng.chance(100)).cloned().collect();
                for extra in 0..2 {
                    rows.push(synth_item(&mut rng, d, DOMAINS[d].name, "本县特色事项".into(), format!("特色服务{}", extra + 1)));
                }
                let dir = out.join("catalogs").join(&county);
                fs::create_dir_all(&dir)?;
                write_catalog(&dir.join(format!("{}.csv", DOMAINS[d].name)), &rows.iter().collect::<Vec<_>>())?;
                stats.catalog_files += 1;
                catalog.retain(|i| i.domain != d);
                catalog.extend(rows);
            }
            let county_items: Vec<&SynthItem> = catalog.iter().collect();
            let township_items: Vec<&SynthItem> = catalog.iter().filter(|i| i.township).collect();

            let mut townships: Vec<(String, Vec<&SynthItem>)> = Vec::new();
            for t in 1..=config.townships_per_county {
                let code = format!("{county}{t:03}");
                let suffix = if rng.chance(300) { "街道" } else if rng.chance(200) { "乡" } else { "镇" };
                places.write_record([code.as_str(), &place_name(&mut rng, suffix), &county])?;
                stats.places += 1;
                townships.push((code, township_items.clone()));
            }

            // Entries of the county and its townships, in one file per county.
            let n = per_county + u64::from(remainder > 0);
            remainder = remainder.saturating_sub(1);
            let mut w = csv::Writer::from_writer(BufWriter::new(fs::File::create(out.join("entries").join(format!("{county}.csv")))?));
            w.write_record(["地区代码", "领域", "一级事项", "二级事项", "三级事项", "标题", "发布日期", "链接", "形成日期"])?;
            for _ in 0..n {
                let (code, items): (&str, &[&SynthItem]) = if townships.is_empty() || rng.chance(300) {
                    (&county, &county_items)
                } else {
                    let (code, items) = rng.pick(&townships);
                    (code, items)
                };
                if items.is_empty() {
                    continue;
                }
                let item = rng.pick(items);
                seq += 1;
                let base = chrono::NaiveDate::from_ymd_opt(2023, 1, 1).expect("valid date");
                let formed = base + chrono::Days::new(rng.below(3 * 365));
                let published = formed + chrono::Days::new(rng.below(30));
                w.write_record([
                    code,
                    DOMAINS[item.domain].name,
                    &item.first,
                    &item.second,
                    "",
                    &format!("{}{}年第{seq}号", item.second, published.format("%Y")),
                    &published.format("%Y-%m-%d").to_string(),
                    &format!("https://gk.example.cn/{code}/{seq}.html"),
                    &formed.format("%Y-%m-%d").to_string(),
                ])?;
                stats.entries += 1;
            }
            w.flush()?;

            let hex = hexagon(county_no, grid);
            write_outline(&out.join("geo/counties").join(format!("{county}.geojson")), &county, std::slice::from_ref(&hex))?;
            city_hexes.push(hex);
            county_no += 1;
        }
        write_outline(&out.join("geo/counties").join(format!("{city}.geojson")), &city, &city_hexes)?;
        stats.places += 1;
    }
    places.flush()?;
    Ok(stats)
}

/// The ring of the n-th hexagon of a pointy-top grid `grid` tiles wide, in degrees, 5 decimals.
fn hexagon(n: u64, grid: u64) -> Vec<(i64, i64)> {
    let (row, col) = ((n / grid) as i64, (n % grid) as i64);
    // Units of 1e-5 degree; radius 0.2°.
    let r = 20_000i64;
    let w = 34_641i64; // sqrt(3) * r
    let cx = 10_000_000 + col * w + if row % 2 == 1 { w / 2 } else { 0 };
    let cy = 3_000_000 - row * (3 * r / 2);
    let offsets = [(0, r), (w / 2, r / 2), (w / 2, -r / 2), (0, -r), (-w / 2, -r / 2), (-w / 2, r / 2), (0, r)];
    offsets.iter().map(|(dx, dy)| (cx + dx, cy + dy)).collect()
}

fn write_outline(path: &Path, code: &str, rings: &[Vec<(i64, i64)>]) -> io::Result<()> {
    let coord = |v: i64| format!("{}.{:05}", v / 100_000, v % 100_000);
    let polys: Vec<String> = rings
        .iter()
        .map(|ring| {
            let pts: Vec<String> = ring.iter().map(|(x, y)| format!("[{},{}]", coord(*x), coord(*y))).collect();
            format!("[[{}]]", pts.join(","))
        })
        .collect();
    let mut f = BufWriter::new(fs::File::create(path)?);
    write!(
        f,
        "{{\"type\":\"Feature\",\"properties\":{{\"code\":\"{code}\",\"source\":\"合成的六边形示意图块（gongkai-bundle synth）\"}},\"geometry\":{{\"type\":\"MultiPolygon\",\"coordinates\":[{}]}}}}",
        polys.join(",")
    )?;
    f.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_its_reference_sequence() {
        // Reference values for seed 1234567 from the published C implementation.
        let mut r = SplitMix64::new(1234567);
        assert_eq!(r.next_u64(), 6457827717110365317);
        assert_eq!(r.next_u64(), 3203168211198807973);
    }
}
