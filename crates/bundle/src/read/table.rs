//! From a grid to a catalog table: header, domain, rows, merged and repeated cells, the
//! 未涉及领域事项说明 section, and every problem a clerk can fix.

use super::cells::{self, Tick};
use super::grid::Grid;
use super::header::{self, Header, Role};
use super::known;
use crate::diagnostic::{Diagnostic, RowCount, RowLedger};
use crate::source::{SourceRow, SourceTable};
use gongkai_catalog::{timelimit, Audience, DisclosureItem, Domain, Mode, NotApplicable, TimeLimit};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// Cells longer than this are refused: no catalog element is this long, and the bound keeps a hostile
/// file from making every later step slow.
pub const MAX_CELL_BYTES: usize = 64 * 1024;

pub enum TableRead {
    Table(SourceTable),
    /// The sheet has text but no catalog header.
    NoHeader,
    /// The sheet is empty.
    Empty,
    /// The sheet looks like a catalog but cannot be read; errors were reported.
    Failed,
}

/// Where a diagnostic points.
struct At<'a> {
    file: &'a Path,
    sheet: Option<&'a str>,
}

impl At<'_> {
    fn error(&self, zh: impl AsRef<str>, en: impl AsRef<str>) -> Diagnostic {
        self.sheeted(Diagnostic::error(self.file, zh, en))
    }
    fn warning(&self, zh: impl AsRef<str>, en: impl AsRef<str>) -> Diagnostic {
        self.sheeted(Diagnostic::warning(self.file, zh, en))
    }
    fn sheeted(&self, d: Diagnostic) -> Diagnostic {
        match self.sheet {
            Some(s) => d.in_sheet(s),
            None => d,
        }
    }
}

/// Reads one grid (a sheet or a CSV file) as a catalog table, adding how its rows ended up to `count`.
pub fn read(file: &Path, grid: Grid, diags: &mut Vec<Diagnostic>, count: &mut RowCount) -> TableRead {
    let sheet = grid.sheet.clone();
    let at = At { file, sheet: sheet.as_deref() };
    // A copy: the grid keeps its own, so that `Grid::is_row` counts a broken row of blanks as a row.
    let broken = grid.broken.clone();
    let mut ledger = RowLedger::new(file, sheet.as_deref());
    let out = read_table(file, grid, &broken, &at, &mut ledger, diags);
    *count += ledger.finish(diags);
    out
}

/// The columns every catalog table must have: (name in messages, what counts as it). The item name
/// levels are 一级事项 and 二级事项, or one 事项名称 alone (the single-name layout).
type IsColumn = fn(&Role) -> bool;
const REQUIRED: &[(&str, IsColumn)] = &[
    ("一级事项（或 事项名称）", |r| matches!(r, Role::Item(0) | Role::ItemName)),
    ("二级事项（或 事项名称）", |r| matches!(r, Role::Item(1) | Role::ItemName)),
    ("公开内容（要素）", |r| *r == Role::Content),
    ("公开依据", |r| *r == Role::Basis),
    ("公开时限", |r| *r == Role::TimeLimit),
    ("公开主体", |r| *r == Role::Body),
    ("公开渠道和载体", |r| matches!(r, Role::Channels | Role::TownshipChannels | Role::ChannelTick(_))),
];

/// Columns that only some templates have: (name, what counts as it, what the explorer cannot show
/// without it, in Chinese and English). Their absence is one warning per table (so a file of one
/// table, the usual case, gets one), listing every such column it lacks: the national template leaves
/// out 事项类型 and 公开内容标题 (湘潭's adds them), so most tables are warned about those two.
type IsNamedColumn = fn(&Role, &str) -> bool;
const OPTIONAL: &[(&str, IsNamedColumn, &str, &str)] = &[
    ("公开对象", |r, _| matches!(r, Role::AudiencePublic | Role::AudienceSpecific | Role::AudienceText), "不能显示事项面向全社会还是特定群体，也不能按公开对象筛选", "cannot show whether an item is for everyone or a specific group, nor filter by it"),
    ("公开方式", |r, _| matches!(r, Role::ModeProactive | Role::ModeOnRequest | Role::ModeText), "不能显示主动公开或依申请公开，也不能按公开方式筛选", "cannot show whether an item is published proactively or on request, nor filter by it"),
    ("公开层级", |r, _| matches!(r, Role::Level(_) | Role::LevelText | Role::LevelUnlabelled), "不能显示事项在哪一层级公开；乡镇街道不会从这张表继承任何事项", "cannot show at which level an item is published; townships inherit no item of this table"),
    ("事项类型", |r, _| *r == Role::ItemType, "不能显示这些事项的事项类型，也不能按事项类型筛选它们", "cannot show these items' 事项类型 (type), nor filter them by it"),
    ("公开内容标题", |r, _| *r == Role::ContentTitles, "不能列出这些事项的公开内容标题，搜索也找不到它们", "cannot list the titles these items' content is published under, nor find them by search"),
];

fn read_table(file: &Path, mut grid: Grid, broken: &BTreeMap<usize, Diagnostic>, at: &At, ledger: &mut RowLedger, diags: &mut Vec<Diagnostic>) -> TableRead {
    let sheet = grid.sheet.clone();
    // Broken rows above where the rows start are errors on their own (no row to refuse).
    let emit_above = |limit: usize, diags: &mut Vec<Diagnostic>| diags.extend(broken.range(..limit).map(|(_, d)| d.clone()));
    if broken.is_empty() && grid.rows.iter().all(|r| r.iter().all(|c| c.trim().is_empty())) {
        return TableRead::Empty;
    }
    let found = header::find(&grid);

    // A sheet that opens with 未涉及领域事项说明 (before any header) is that section alone.
    let na_start = grid.rows.iter().take(found.as_ref().map_or(30, |h| h.first_row)).position(|r| r.iter().any(|c| c.contains("未涉及领域")));
    if let Some(start) = na_start {
        emit_above(start + 1, diags);
        (start + 1..grid.rows.len()).filter(|&r| grid.is_row(r)).for_each(|r| ledger.expect(r as u32 + 1));
        let not_applicable = read_not_applicable(&grid, start + 1, broken, at, ledger, diags);
        return TableRead::Table(SourceTable {
            file: file.to_path_buf(),
            sheet,
            level_labels: vec![],
            extra_columns: vec![],
            rows: vec![],
            not_applicable,
        });
    }
    let Some(header) = found else {
        emit_above(usize::MAX, diags);
        return TableRead::NoHeader;
    };
    emit_above(header.data_row, diags);

    let header_row = header.first_row as u32 + 1;
    let mut failed = false;
    let found_columns = || {
        let names: Vec<&str> = header.columns.iter().filter(|c| !matches!(c.role, Role::Empty | Role::Beyond)).map(|c| c.name.as_str()).collect();
        if names.is_empty() { "（无）".to_string() } else { names.join("、") }
    };
    for (name, is) in REQUIRED {
        if !header.columns.iter().any(|c| is(&c.role)) {
            let short = name.split('（').next().unwrap_or(name);
            diags.push(at.error(
                format!("缺少「{name}」列：请在表头加上这一列（可接受的列名见 docs/source-format.md「目录文件」）。表头中找到的列：{}", found_columns()),
                format!("Missing column {name}: add it to the header (accepted names: docs/source-format.md, \"Catalog files\"). Columns found in the header: {}", found_columns()),
            ).at_row(header_row).in_column(short));
            failed = true;
        }
    }
    for col in header.columns.iter().filter(|c| c.role == Role::LevelUnlabelled) {
        diags.push(at.error(
            "「公开层级」下的这一列没有层级名称：请在表头第二行写上，如 县级、乡级",
            "A column under 公开层级 has no level label: write it in the second header row, e.g. 县级, 乡级",
        ).at_row(header.data_row as u32).in_column(format!("{}（公开层级）", col.name)));
        failed = true;
    }

    let table_domain = table_domain(&grid, &header, file);
    if table_domain.is_none() && !header.has(&Role::Domain) {
        let (zh, en) = unknown_table_domain(&grid, &header, file);
        diags.push(at.error(zh, en));
        failed = true;
    }
    if !failed && !grid.fill_merges_down(header.data_row) {
        diags.push(at.error(
            "合并单元格过多（展开超过一百万个单元格）：请取消不必要的合并",
            "Too many merged cells (over a million cells when expanded): unmerge the cells that need not be merged",
        ));
        failed = true;
    }
    // Rows are counted as the table reader sees them: after merged cells are copied down, a row that
    // only a merged region reaches is a row.
    (header.data_row..grid.rows.len()).filter(|&r| grid.is_row(r)).for_each(|r| ledger.expect(r as u32 + 1));
    if failed {
        diags.extend(broken.range(header.data_row..).map(|(_, d)| d.clone()));
        refuse_table(at, ledger, diags);
        return TableRead::Failed;
    }

    let missing: Vec<_> = OPTIONAL.iter().filter(|(_, is, _, _)| !header.columns.iter().any(|c| is(&c.role, &c.name))).collect();
    if !missing.is_empty() {
        let zh: Vec<String> = missing.iter().map(|(n, _, z, _)| format!("「{n}」（{z}）")).collect();
        let en: Vec<String> = missing.iter().map(|(n, _, _, e)| format!("{n} (the explorer {e})")).collect();
        diags.push(at.warning(
            format!("表头没有这些可选列，浏览器将缺少相应信息：{}", zh.join("；")),
            format!("The header lacks these optional columns, so the explorer will lack what they say: {}", en.join("; ")),
        ).at_row(header_row));
    }
    report_unknown_levels(&header.level_labels, at, header_row, diags);

    let rows = read_rows(&grid, &header, table_domain, broken, at, ledger, diags);
    TableRead::Table(SourceTable {
        file: file.to_path_buf(),
        sheet,
        level_labels: rows.level_labels,
        extra_columns: header.extra_columns.clone(),
        rows: rows.rows,
        not_applicable: rows.not_applicable,
    })
}

/// Refuses every row of a table that cannot be read, with one error naming them.
fn refuse_table(at: &At, ledger: &mut RowLedger, diags: &mut Vec<Diagnostic>) {
    let Some((first, last)) = ledger.span() else { return };
    let (zh, en) = if first == last {
        (format!("第{first}行"), format!("row {first} of this table was"))
    } else {
        (format!("第{first}行至第{last}行"), format!("rows {first} to {last} of this table were"))
    };
    let d = at.error(
        format!("因上述表头问题，这张表的{zh}都没有读取"),
        format!("Because of the header problems above, {en} not read"),
    ).at_row(first);
    ledger.refuse_rest(&d);
    diags.push(d);
}

/// Warns about level labels that name no tier (they are read by position).
fn report_unknown_levels(labels: &[String], at: &At, row: u32, diags: &mut Vec<Diagnostic>) {
    let tiers = gongkai_catalog::Tier::classify(labels);
    for (label, tier) in labels.iter().zip(tiers) {
        if !known::is_known_level(label) {
            let (zh, en) = known::unknown_level(label, tier);
            diags.push(at.warning(zh, en).at_row(row).in_column(label.clone()));
        }
    }
}

/// The text above the header (the title rows), cells joined by spaces.
fn title_text(grid: &Grid, header: &Header) -> String {
    grid.rows[..header.first_row].iter().flatten().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" ")
}

fn file_stem(file: &Path) -> String {
    file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The domain of a whole table: the sheet name, else the title rows, else the file name.
fn table_domain(grid: &Grid, header: &Header, file: &Path) -> Option<&'static Domain> {
    let from_sheet = grid.sheet.as_deref().and_then(|s| Domain::from_name(s).or_else(|| Domain::find_in(s)));
    from_sheet.or_else(|| Domain::find_in(&title_text(grid, header))).or_else(|| Domain::find_in(&file_stem(file)))
}

/// The error for a table whose domain nothing names: the texts searched, quoted (long titles cut),
/// the closest domain any of them comes near, and where the 26 names are listed.
fn unknown_table_domain(grid: &Grid, header: &Header, file: &Path) -> (String, String) {
    let cut = |t: &str| if t.chars().count() > 40 { format!("{}…", t.chars().take(40).collect::<String>()) } else { t.to_string() };
    let title = title_text(grid, header);
    let mut searched: Vec<(&str, &str, String)> = vec![("文件名", "file name", file_stem(file))];
    if let Some(s) = grid.sheet.as_deref() {
        searched.push(("工作表名", "sheet name", s.to_string()));
    }
    searched.push(("标题行", "title row", title));
    let near = searched.iter().filter(|(_, _, t)| !t.is_empty()).find_map(|(_, _, t)| known::domain_named_near(t));
    let (hint_zh, hint_en) = match near {
        Some(d) => (format!("是不是「{d}」？"), format!("Did you mean \"{d}\"? ")),
        None => (String::new(), String::new()),
    };
    let quoted = |zh: bool| {
        searched
            .iter()
            .map(|(z, e, t)| match (zh, t.is_empty()) {
                (true, true) => format!("{z}（无）"),
                (true, false) => format!("{z}「{}」", cut(t)),
                (false, true) => format!("{e} (none)"),
                (false, false) => format!("{e} {:?}", cut(t)),
            })
            .collect::<Vec<_>>()
    };
    (
        format!(
            "无法确定领域：没有「领域」列，{}中都没有26个领域之一的名称。{hint_zh}请在表格上方加标题行（如「XX县社会救助领域基层政务公开标准目录」），或把文件/工作表命名为领域名称，或加一列「领域」。{}",
            quoted(true).join("、"),
            known::DOC_ZH
        ),
        format!(
            "Cannot tell the domain: there is no 领域 column and none of the {} names one of the 26 domains. {hint_en}Add a title row (e.g. XX县社会救助领域基层政务公开标准目录), name the file or sheet after the domain, or add a 领域 column; {}",
            quoted(false).join(", "),
            known::DOC_EN
        ),
    )
}

struct Rows {
    rows: Vec<SourceRow>,
    level_labels: Vec<String>,
    not_applicable: Vec<NotApplicable>,
}

fn read_rows(grid: &Grid, header: &Header, table_domain: Option<&'static Domain>, broken: &BTreeMap<usize, Diagnostic>, at: &At, ledger: &mut RowLedger, diags: &mut Vec<Diagnostic>) -> Rows {
    let cols = &header.columns;
    let col_of = |role: &Role| cols.iter().position(|c| &c.role == role);
    let c_item0 = col_of(&Role::Item(0));
    let c_item1 = col_of(&Role::Item(1));
    let c_item2 = col_of(&Role::Item(2));
    let c_name = col_of(&Role::ItemName);
    let c_domain = col_of(&Role::Domain);
    let c_content = col_of(&Role::Content);

    let mut level_labels = header.level_labels.clone();
    let mut out = Vec::new();
    let mut seen: HashMap<(u8, Vec<String>), u32> = HashMap::new();
    let mut last_item0 = String::new();
    let mut last_item1 = String::new();
    let mut last_domain = String::new();

    // Every way a row ends: read, or refused by the diagnostic that names it.
    let refuse = |ledger: &mut RowLedger, diags: &mut Vec<Diagnostic>, d: Diagnostic| {
        ledger.refuse(&d);
        diags.push(d);
    };
    for r in header.data_row..grid.rows.len() {
        let row_no = r as u32 + 1;
        if !grid.is_row(r) {
            continue;
        }
        if let Some(d) = broken.get(&r) {
            refuse(ledger, diags, d.clone());
            continue;
        }
        let raw = &grid.rows[r];
        if raw.iter().any(|c| c.contains("未涉及领域")) {
            ledger.read(row_no);
            let not_applicable = read_not_applicable(grid, r + 1, broken, at, ledger, diags);
            return Rows { rows: out, level_labels, not_applicable };
        }
        if header::is_repeated_header(raw, header) || is_notes_row(raw) {
            ledger.read(row_no);
            continue;
        }
        // Text right of the table: the row's cells cannot be trusted to be in their columns.
        if let Some(c) = cols.iter().zip(raw).position(|(col, t)| col.role == Role::Beyond && !t.trim().is_empty()) {
            let shown: String = raw[c].trim().chars().take(20).collect();
            refuse(ledger, diags, at.error(
                format!("这一行在最后一列表头之后还有内容「{shown}」：可能是单元格里有未加引号的逗号，或内容写错了列。请改正后再试"),
                format!("This row has text past the last header column ({shown:?}): perhaps an unquoted comma inside a cell, or text in the wrong column. Correct it and try again"),
            ).at_row(row_no).in_column(cols[c].name.clone()));
            continue;
        }

        // A cell over the bound refuses its row (a row kept with an emptied cell would be half an item).
        if let Some(c) = raw.iter().position(|t| t.len() > MAX_CELL_BYTES) {
            let column = cols.get(c).map_or_else(|| header::column_letter(c), |col| col.name.clone());
            refuse(ledger, diags, at.sheeted(super::cell_too_long(at.file, raw[c].len())).at_row(row_no).in_column(column));
            continue;
        }
        // Inert cell text for every column the table knows.
        let mut cell = |c: usize| -> String {
            let text = raw.get(c).map_or("", String::as_str);
            let column = || cols.get(c).map_or_else(|| header::column_letter(c), |col| col.name.clone());
            if cells::looks_like_formula(text) {
                diags.push(at.warning(
                    "单元格以 = + - @ 开头，像是公式：已按普通文字保留、不计算。如不是公式，请删去开头的符号",
                    "Cell starts like a spreadsheet formula: kept as plain text and not evaluated. Remove the leading sign if it is not meant as a formula",
                ).at_row(row_no).in_column(column()));
            }
            // Zero-width and bidi characters would make a name read as something it is not (and
            // stop entries and links from matching it): strip them and say so (crate::sanitize).
            let (text, stripped) = crate::sanitize::clean_text(text);
            if stripped {
                diags.push(at.warning(
                    "已删除不可见字符（零宽或双向控制字符）",
                    "invisible characters (zero-width or bidi controls) were removed",
                ).at_row(row_no).in_column(column()));
            }
            text.trim().to_string()
        };
        let texts: Vec<String> = (0..cols.len()).map(&mut cell).collect();
        let get = |c: Option<usize>| c.map_or(String::new(), |c| texts[c].clone());

        // Item path, with empty first-level (and, under a 三级事项, second-level) cells repeating the
        // row above — how CSV writes a merged cell, and what many workbooks do without merging.
        let own0 = get(c_item0);
        let carried0 = own0.is_empty() && !last_item0.is_empty();
        let item0 = if own0.is_empty() { last_item0.clone() } else { own0.clone() };
        if !own0.is_empty() && own0 != last_item0 {
            last_item1.clear();
        }
        last_item0.clone_from(&item0);
        let own1 = get(c_item1);
        let own2 = get(c_item2);
        let item1 = if own1.is_empty() && !own2.is_empty() { last_item1.clone() } else { own1.clone() };
        if !item1.is_empty() {
            last_item1.clone_from(&item1);
        }
        let name = get(c_name);
        let content_text = get(c_content);

        let data_roles = |role: &Role| !matches!(role, Role::Number | Role::Domain | Role::Item(_) | Role::ItemName | Role::Empty);
        let has_data = cols.iter().zip(&texts).any(|(col, t)| data_roles(&col.role) && !t.is_empty());

        let path: Vec<String> = if c_name.is_some() {
            if name.is_empty() {
                if has_data {
                    refuse(ledger, diags, missing_name(at, row_no, "事项名称"));
                } else {
                    skip_no_item(ledger, diags, at, row_no);
                }
                continue;
            }
            vec![name]
        } else if !item1.is_empty() {
            if c_item0.is_some() && item0.is_empty() {
                refuse(ledger, diags, missing_name(at, row_no, "一级事项"));
                continue;
            }
            [item0, item1, own2].into_iter().filter(|s| !s.is_empty()).collect()
        } else if !own2.is_empty() {
            refuse(ledger, diags, missing_name(at, row_no, "二级事项"));
            continue;
        } else if !own0.is_empty() {
            // A first-level item on its own row: an item when it has content, else a heading.
            if content_text.is_empty() {
                ledger.read(row_no);
                continue;
            }
            vec![own0]
        } else {
            if has_data {
                let col = if carried0 || c_item0.is_none() { "二级事项" } else { "一级事项" };
                refuse(ledger, diags, missing_name(at, row_no, col));
            } else {
                skip_no_item(ledger, diags, at, row_no);
            }
            continue;
        };

        // Domain: the 领域 column (repeating the cell above when empty), else the table's.
        let domain = match c_domain {
            Some(c) => {
                let own = texts[c].clone();
                let d = if own.is_empty() { last_domain.clone() } else { own };
                last_domain.clone_from(&d);
                if d.is_empty() {
                    table_domain
                } else {
                    match Domain::from_name(&d) {
                        Some(dom) => Some(dom),
                        None => {
                            let (zh, en) = known::unknown_domain(&d);
                            refuse(ledger, diags, at.error(zh, en).at_row(row_no).in_column(cols[c].name.clone()));
                            continue;
                        }
                    }
                }
            }
            None => table_domain,
        };
        let Some(domain) = domain else {
            refuse(ledger, diags, at.error(
                "这一行的「领域」为空，标题行和文件名中也没有领域名称：请填写领域",
                "This row's 领域 is empty and neither the title row nor the file name names a domain: fill it in",
            ).at_row(row_no).in_column("领域"));
            continue;
        };

        // The id is given when the catalog is assembled (assemble::item_id); the columns fill in the rest.
        let mut item = DisclosureItem { domain: domain.id, path, ..Default::default() };
        for (col, text) in cols.iter().zip(&texts) {
            let tick_warning = |diags: &mut Vec<Diagnostic>, t: &str| {
                let (zh, en) = known::unknown_tick(t);
                diags.push(at.warning(zh, en).at_row(row_no).in_column(col.name.clone()));
            };
            match &col.role {
                Role::Number if !text.is_empty() => item.number = Some(text.clone()),
                Role::Content => item.content = cells::content_elements(text),
                Role::Basis => item.basis = cells::legal_bases(text),
                Role::TimeLimit => item.time_limit = TimeLimit { text: text.clone(), parsed: timelimit::parse(text) },
                Role::Body => item.body = text.clone(),
                Role::Channels => {
                    let (names, unknown) = cells::channels(text);
                    for u in unknown {
                        diags.push(unknown_channel(at, row_no, &col.name, &u));
                    }
                    for n in names {
                        push_unique(&mut item.channels, n);
                    }
                }
                Role::TownshipChannels => {
                    let (names, unknown) = cells::channels(text);
                    for u in unknown {
                        diags.push(unknown_channel(at, row_no, &col.name, &u));
                    }
                    for n in names {
                        push_unique(&mut item.township_channels, n);
                    }
                }
                Role::ItemType if !text.is_empty() => item.item_type = Some(text.clone()),
                Role::ContentTitles => item.content_titles = cells::content_elements(text),
                Role::ChannelTick(label) => match cells::tick(text, label) {
                    Tick::Yes => {
                        let (names, unknown) = cells::channels(label);
                        if !unknown.is_empty() {
                            diags.push(unknown_channel(at, row_no, &col.name, label));
                        }
                        for n in names {
                            push_unique(&mut item.channels, n);
                        }
                    }
                    Tick::No => {}
                    Tick::Other(t) => tick_warning(diags, &t),
                },
                Role::AudiencePublic => match cells::tick(text, "全社会") {
                    Tick::Yes => push_unique(&mut item.audience, Audience::Public),
                    Tick::No => {}
                    Tick::Other(t) => tick_warning(diags, &t),
                },
                Role::AudienceSpecific => match cells::tick(text, &col.name) {
                    Tick::Yes => push_unique(&mut item.audience, Audience::Specific { group: None }),
                    Tick::No => {}
                    // The cell names the group (村集体成员, 申请人).
                    Tick::Other(t) => push_unique(&mut item.audience, Audience::Specific { group: Some(t) }),
                },
                Role::AudienceText if !text.is_empty() => {
                    for a in audience_text(text) {
                        push_unique(&mut item.audience, a);
                    }
                }
                Role::ModeProactive | Role::ModeOnRequest => {
                    let mode = if col.role == Role::ModeProactive { Mode::Proactive } else { Mode::OnRequest };
                    match cells::tick(text, &col.name) {
                        Tick::Yes => push_unique(&mut item.modes, mode),
                        Tick::No => {}
                        Tick::Other(t) => tick_warning(diags, &t),
                    }
                }
                Role::ModeText if !text.is_empty() => {
                    if text.contains("主动") {
                        push_unique(&mut item.modes, Mode::Proactive);
                    }
                    if text.contains("依申请") {
                        push_unique(&mut item.modes, Mode::OnRequest);
                    }
                    if item.modes.is_empty() {
                        diags.push(at.warning(
                            format!("无法识别的公开方式「{text}」：请写 主动 或 依申请"),
                            format!("Unrecognised 公开方式 \"{text}\": write 主动 or 依申请"),
                        ).at_row(row_no).in_column(col.name.clone()));
                    }
                }
                Role::Level(i) => match cells::tick(text, &col.name) {
                    Tick::Yes => push_unique(&mut item.levels, *i as u8),
                    Tick::No => {}
                    Tick::Other(t) => tick_warning(diags, &t),
                },
                Role::LevelText if !text.is_empty() => {
                    for label in level_text(text) {
                        let i = match level_labels.iter().position(|l| l == &label) {
                            Some(i) => i,
                            None => {
                                level_labels.push(label);
                                let new = level_labels.len() - 1;
                                if !known::is_known_level(&level_labels[new]) {
                                    let tier = gongkai_catalog::Tier::classify(&level_labels)[new];
                                    let (zh, en) = known::unknown_level(&level_labels[new], tier);
                                    diags.push(at.warning(zh, en).at_row(row_no).in_column(col.name.clone()));
                                }
                                new
                            }
                        };
                        push_unique(&mut item.levels, i as u8);
                    }
                }
                Role::Extra(i) if !text.is_empty() => {
                    if let Ok(i) = u8::try_from(*i) {
                        item.extras.insert(i, text.clone());
                    }
                }
                _ => {}
            }
        }

        let key = (item.domain, item.path.clone());
        if let Some(&first) = seen.get(&key) {
            let shown = item.path.join(" / ");
            let column = c_item2.filter(|_| item.path.len() == 3).or(c_item1).or(c_name).or(c_item0).map_or_else(String::new, |c| cols[c].name.clone());
            refuse(ledger, diags, at.error(
                format!("事项「{shown}」在第{first}行和第{row_no}行重复出现：请删去其中一行，或改正事项名称"),
                format!("Item \"{shown}\" appears twice, in rows {first} and {row_no}: delete one of them or correct the name"),
            ).at_row(row_no).in_column(column));
            continue;
        }
        seen.insert(key, row_no);
        ledger.read(row_no);
        out.push(SourceRow { row: row_no, item });
    }
    Rows { rows: out, level_labels, not_applicable: vec![] }
}

/// Words that open a note or a form's footer below a table ("注：本目录动态更新", "填报单位：…").
const NOTE_OPENINGS: &[&str] = &["注", "备注", "附注", "说明", "填表", "填报", "制表", "审核人", "联系人", "联系电话", "*", "※"];

/// A row holding one text only (often merged across the table) that opens like a note.
fn is_notes_row(raw: &[String]) -> bool {
    let mut texts = raw.iter().map(|c| c.trim()).filter(|c| !c.is_empty());
    match (texts.next(), texts.next()) {
        (Some(t), None) => NOTE_OPENINGS.iter().any(|o| t.starts_with(o)),
        _ => false,
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

fn missing_name(at: &At, row: u32, column: &str) -> Diagnostic {
    at.error(
        format!("「{column}」为空，上方也没有可沿用的（合并）单元格：请填写事项名称"),
        format!("{column} is empty and there is no (merged) cell above to take it from: fill in the item name"),
    )
    .at_row(row)
    .in_column(column)
}

fn unknown_channel(at: &At, row: u32, column: &str, channel: &str) -> Diagnostic {
    let (zh, en) = known::unknown_channel(channel);
    at.warning(zh, en).at_row(row).in_column(column)
}

/// A row with text but neither an item name nor anything an item holds (only a number or a domain):
/// nothing of it is lost, so it counts as read, with a warning in case an item was left out.
fn skip_no_item(ledger: &mut RowLedger, diags: &mut Vec<Diagnostic>, at: &At, row: u32) {
    ledger.read(row);
    diags.push(at.warning(
        "这一行没有事项名称，也没有公开内容等事项信息（只有序号或领域），已跳过：如是漏填，请补上事项",
        "This row has no item name and nothing an item holds (only a number or a domain), and was skipped: if something is missing, fill it in",
    )
    .at_row(row));
}

/// 公开对象 written as text: "全社会", "特定群体（申请人）", "申请人".
fn audience_text(text: &str) -> Vec<Audience> {
    let mut out = Vec::new();
    for part in text.split(['、', '，', ',', ';', '；', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        if part.contains("全社会") || part == "社会公众" || part == "公众" {
            out.push(Audience::Public);
        } else {
            let group = ["特定群体", "特定群众", "特定对象"]
                .iter()
                .find_map(|p| part.strip_prefix(p))
                .map_or(part, |rest| rest.trim_matches(|c: char| "：:（）() ".contains(c)));
            out.push(Audience::Specific { group: (!group.is_empty()).then(|| group.to_string()) });
        }
    }
    out
}

/// 公开层级 written as text: "县级、乡级" → [县级, 乡级]; "乡、村级" stays one label.
fn level_text(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending = String::new();
    for part in text.split(['、', '，', ',', '/', ' ', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
        if !pending.is_empty() {
            pending.push('、');
        }
        pending.push_str(part);
        if part.ends_with('级') {
            out.push(std::mem::take(&mut pending));
        }
    }
    if !pending.is_empty() {
        out.push(pending);
    }
    out
}

/// The rows of a 未涉及领域事项说明 section: a domain name and the reason it does not apply.
fn read_not_applicable(grid: &Grid, from: usize, broken: &BTreeMap<usize, Diagnostic>, at: &At, ledger: &mut RowLedger, diags: &mut Vec<Diagnostic>) -> Vec<NotApplicable> {
    let mut out: Vec<NotApplicable> = Vec::new();
    for r in from..grid.rows.len() {
        let row_no = r as u32 + 1;
        if let Some(d) = broken.get(&r) {
            ledger.refuse(d);
            diags.push(d.clone());
            continue;
        }
        let cells: Vec<&str> = grid.rows[r].iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect();
        if cells.is_empty() {
            continue;
        }
        let exact = cells.iter().position(|c| Domain::from_name(c).is_some());
        let (domain, used) = match exact {
            Some(i) => (Domain::from_name(cells[i]), Some(i)),
            None => (cells.iter().find_map(|c| Domain::find_in(c)), None),
        };
        let Some(domain) = domain else {
            let header_like = cells.iter().all(|c| c.chars().all(|ch| ch.is_ascii_digit()) || ["序号", "领域", "领域名称", "未涉及原因", "原因", "说明", "备注"].contains(&header::normalize(c).as_str()));
            if header_like {
                ledger.read(row_no);
            } else {
                // An error, not a warning: the statement that a domain does not apply would be lost.
                let found = cells.iter().find(|c| !c.chars().all(|ch| ch.is_ascii_digit())).copied().unwrap_or(cells[0]);
                let (hint_zh, hint_en) = match known::closest_domain(found) {
                    Some(h) => (format!("是不是「{h}」？"), format!("did you mean \"{h}\"? ")),
                    None => (String::new(), String::new()),
                };
                let d = at.error(
                    format!("「未涉及领域事项说明」中这一行没有可识别的领域名称（找到「{found}」），没有读取：请写标准领域名称（如 城市综合执法）。{hint_zh}{}", known::DOC_ZH),
                    format!("This row of 未涉及领域事项说明 names no recognisable domain (found {found:?}) and was not read: write the standard domain name (e.g. 城市综合执法). {hint_en}{}", known::DOC_EN),
                ).at_row(row_no);
                ledger.refuse(&d);
                diags.push(d);
            }
            continue;
        };
        ledger.read(row_no);
        let reason = cells
            .iter()
            .enumerate()
            .filter(|&(i, c)| Some(i) != used && !c.chars().all(|ch| ch.is_ascii_digit()))
            .map(|(_, c)| *c)
            .collect::<Vec<_>>()
            .join("；");
        if !out.iter().any(|n| n.domain == domain.id) {
            out.push(NotApplicable { domain: domain.id, reason });
        }
    }
    out
}
