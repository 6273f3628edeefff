//! Service channels (`channels.csv`): 我要查, 我要评 and 依申请公开 per county, or per city for all
//! its counties. Every row ends as a channel or as a diagnostic naming its row; every link passes
//! [`check_template`] (and so [`gongkai_catalog::link::safe_href`]).

use crate::diagnostic::{Diagnostic, RowCount};
use crate::file_report::FileReport;
use crate::read::records::{read_csv, require_columns, CsvFile, CsvRecord};
use crate::register::Register;
use gongkai_catalog::channel::check_template;
use gongkai_catalog::{ChannelKind, PlaceKind, ServiceChannel};
use std::collections::BTreeMap;
use std::path::Path;

/// What reading `channels.csv` gave.
#[derive(Debug, Default)]
pub struct Channels {
    /// Per county code, the channels that serve it: its own, then, for each kind it declares none of,
    /// its city's. Counties without any are absent.
    pub by_county: BTreeMap<String, Vec<ServiceChannel>>,
    /// How the file's rows ended (the row equation: rows = read + refused); None without a file.
    pub rows: Option<RowCount>,
}

/// Reads `channels.csv` when the source folder has one (`path` need not exist).
pub fn read_channels(path: &Path, register: &Register, diags: &mut Vec<Diagnostic>) -> Channels {
    let mut out = Channels::default();
    if !path.exists() {
        return out;
    }
    let Some(mut file) = read_csv(path, diags) else { return out };
    let required: [&[&str]; 3] = [&["地区代码", "code"], &["渠道", "kind"], &["名称", "name"]];
    if !require_columns(path, &mut file, &required, diags) {
        out.rows = Some(file.ledger.finish(diags));
        return out;
    }
    let cols = ["地区代码", "渠道", "名称", "链接", "说明", "示例"];
    let english = ["code", "kind", "name", "url", "note", "sample"];
    let cols: [Option<usize>; 6] = std::array::from_fn(|i| file.column(&[cols[i], english[i]]));
    let mut own: BTreeMap<String, Vec<ServiceChannel>> = BTreeMap::new();
    let mut report = FileReport::new(path);
    let CsvFile { records, mut ledger, .. } = file;
    for rec in &records {
        match channel_of(rec, cols, register) {
            Ok((code, channel)) => {
                own.entry(code).or_default().push(channel);
                ledger.read(rec.row);
            }
            Err((col, zh, en)) => {
                let d = Diagnostic::error(path, zh, en).at_row(rec.row).in_column(col);
                ledger.refuse(&d);
                report.push(diags, d);
            }
        }
    }
    report.finish(diags);
    out.rows = Some(ledger.finish(diags));
    for p in register.places.iter().filter(|p| p.kind == PlaceKind::County) {
        let mut list = own.get(&p.code).cloned().unwrap_or_default();
        let inherited: Vec<ServiceChannel> = p
            .parent
            .as_ref()
            .and_then(|city| own.get(city))
            .into_iter()
            .flatten()
            .filter(|c| !list.iter().any(|mine| mine.kind == c.kind))
            .cloned()
            .collect();
        list.extend(inherited);
        if !list.is_empty() {
            out.by_county.insert(p.code.clone(), list);
        }
    }
    out
}

type RowError = (&'static str, String, String);

/// One row as a channel of a place code, or the column at fault with the reason in Chinese and English.
fn channel_of(rec: &CsvRecord, cols: [Option<usize>; 6], register: &Register) -> Result<(String, ServiceChannel), RowError> {
    let [c_place, c_kind, c_name, c_url, c_note, c_sample] = cols;
    let code = rec.cell(c_place);
    match register.get(code).map(|p| p.kind) {
        None => return Err(("地区代码", format!("地区代码 {code} 不在区划名录中"), format!("place code {code:?} is not in the register"))),
        Some(PlaceKind::Township) => {
            return Err((
                "地区代码",
                format!("{code} 是乡镇：乡镇使用所在县（市、区）的渠道，请填写县级代码"),
                format!("{code} is a township: townships use their county's channels, give the county's code"),
            ))
        }
        Some(_) => {}
    }
    let kind_text = rec.cell(c_kind);
    let Some(kind) = ChannelKind::from_name(kind_text) else {
        return Err((
            "渠道",
            format!("「{kind_text}」不是渠道之一：请填写 我要查、我要评 或 依申请公开"),
            format!("{kind_text:?} is not a channel: write 我要查, 我要评 or 依申请公开"),
        ));
    };
    let name = rec.cell(c_name);
    if name.is_empty() {
        return Err(("名称", "名称为空：请写按钮上显示的文字，如「12345政务服务便民热线」".into(), "the name is empty: write the words the button shows".into()));
    }
    let url = rec.cell(c_url);
    let note = rec.cell(c_note);
    if url.is_empty() && note.is_empty() {
        return Err(("链接", "链接和说明都为空：至少填写一项（如办公地址和时间）".into(), "both the link and the note are empty: give at least one (e.g. an office address and hours)".into()));
    }
    if !url.is_empty() {
        if let Err(e) = check_template(url) {
            let (zh, en) = e.words();
            return Err(("链接", format!("「{url}」{zh}"), format!("{url:?}: {en}")));
        }
    }
    let sample = crate::read::known::sample_tick(rec.cell(c_sample)).map_err(|(zh, en)| ("示例", zh, en))?;
    let channel = ServiceChannel { kind, name: name.to_string(), url: (!url.is_empty()).then(|| url.to_string()), note: note.to_string(), sample };
    Ok((code.to_string(), channel))
}
