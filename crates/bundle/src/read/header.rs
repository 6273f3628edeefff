//! Finding a catalog table's header in a grid and naming what each column holds, across the header
//! variants counties use: a title row above, one or two header rows, group headers merged over their
//! sub-columns (or, in CSV, written once followed by empty cells), renamed columns.

use super::grid::Grid;

/// What one column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    Number,
    Domain,
    /// An item name at this depth: 0 = 一级事项, 1 = 二级事项, 2 = 三级事项.
    Item(u8),
    /// 事项名称 as the only item column, or the lowest one under 一级事项.
    ItemName,
    Content,
    Basis,
    TimeLimit,
    Body,
    /// 公开渠道和载体: the one list, or the county level's where the table gives each level its own
    /// (公开渠道和载体（县级）).
    Channels,
    /// 公开渠道和载体 of the township level (公开渠道和载体（乡级）, or 乡级 under a 公开渠道和载体 group).
    TownshipChannels,
    /// 事项类型 (湘潭's template).
    ItemType,
    /// 公开内容标题 (湘潭's template).
    ContentTitles,
    /// One channel of a checklist written as sub-columns of 公开渠道和载体.
    ChannelTick(String),
    AudiencePublic,
    AudienceSpecific,
    /// 公开对象 as one text column ("全社会", "特定群体：申请人").
    AudienceText,
    ModeProactive,
    ModeOnRequest,
    /// 公开方式 as one text column.
    ModeText,
    /// A tick column of 公开层级, by index into the table's level labels.
    Level(usize),
    /// 公开层级 as one text column ("县级、乡级"): labels are collected as they appear.
    LevelText,
    /// A 公开层级 sub-column without a label: reported, then ignored.
    LevelUnlabelled,
    /// A column the standard does not name, by index into the table's extra columns.
    Extra(usize),
    /// A column with no header and no data.
    Empty,
    /// A column right of the last named one that has text in some row: text past the end of the
    /// table (an unquoted comma, a stray note); each row with text there is refused.
    Beyond,
}

#[derive(Debug, Clone)]
pub struct Column {
    pub role: Role,
    /// The header as the file writes it (whitespace removed), for diagnostics: the sub-header under a
    /// group ("县级"), or the header itself ("二级事项").
    pub name: String,
}

#[derive(Debug, Clone)]
pub struct Header {
    /// Grid row index of the first header row.
    pub first_row: usize,
    /// Grid row index of the first row after the header.
    pub data_row: usize,
    pub columns: Vec<Column>,
    pub level_labels: Vec<String>,
    pub extra_columns: Vec<String>,
}

impl Header {
    pub fn has(&self, role: &Role) -> bool {
        self.columns.iter().any(|c| &c.role == role)
    }
}

/// Header text compared without whitespace and with half-width brackets.
pub fn normalize(s: &str) -> String {
    normalized(s).collect()
}

/// The characters of `s` as [`normalize`] gives them.
fn normalized(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().filter(|c| !c.is_whitespace()).map(half_width_bracket)
}

/// Whether two cells read the same once normalised, without making either (every row of every table
/// is compared with its header: [`is_repeated_header`]).
pub fn same_normalized(a: &str, b: &str) -> bool {
    normalized(a).eq(normalized(b))
}

/// A full-width bracket as its half-width form, as cells are compared (headers, channel names).
pub fn half_width_bracket(c: char) -> char {
    match c {
        '（' => '(',
        '）' => ')',
        _ => c,
    }
}

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// A group header: spans sub-columns (merged, or in CSV written once then empty cells).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Items,
    Audience,
    Mode,
    Level,
    Channels,
}

fn group_of(top: &str) -> Option<Group> {
    match top {
        "公开事项" | "事项名称" | "公开事项名称" | "事项" => Some(Group::Items),
        "公开对象" => Some(Group::Audience),
        "公开方式" => Some(Group::Mode),
        "公开层级" | "公开层次" | "公开主体层级" => Some(Group::Level),
        "公开渠道和载体" | "公开渠道" | "公开渠道及载体" | "公开载体" => Some(Group::Channels),
        _ => None,
    }
}

/// The ways a 公开渠道和载体 header is written.
const CHANNEL_HEADERS: &[&str] = &["公开渠道和载体", "公开渠道及载体", "公开渠道", "公开载体"];

/// The channel list of one level: 公开渠道和载体 by a level label, after it ("公开渠道和载体（乡级）",
/// "公开渠道和载体-县级") or before it ("乡级公开渠道和载体"). The county and city levels are
/// [`Role::Channels`], the township and village levels [`Role::TownshipChannels`].
fn channels_of_level(h: &str) -> Option<Role> {
    let label = CHANNEL_HEADERS.iter().find_map(|c| {
        let rest = h.strip_prefix(c).or_else(|| h.strip_suffix(c))?;
        let label = rest.trim_matches(|ch: char| "()（）[]【】-—_:：·/".contains(ch));
        (!label.is_empty()).then_some(label)
    })?;
    is_level_label(label).then(|| channels_role_for(label))
}

/// The channel role of a level label ("县级" → [`Role::Channels`], "乡级" → [`Role::TownshipChannels`]).
fn channels_role_for(label: &str) -> Role {
    match gongkai_catalog::Tier::classify(&[label.to_string()])[0] {
        gongkai_catalog::Tier::Province | gongkai_catalog::Tier::City | gongkai_catalog::Tier::County => Role::Channels,
        gongkai_catalog::Tier::Township | gongkai_catalog::Tier::Village => Role::TownshipChannels,
    }
}

/// The role of a single (not grouped) header.
fn single_role(h: &str) -> Option<Role> {
    if let Some(role) = channels_of_level(h) {
        return Some(role);
    }
    Some(match h {
        "序号" | "编号" | "事项编码" | "事项编号" | "目录编号" => Role::Number,
        "领域" | "所属领域" | "公开领域" => Role::Domain,
        "一级事项" | "一级事项名称" => Role::Item(0),
        "二级事项" | "二级事项名称" => Role::Item(1),
        "三级事项" | "三级事项名称" => Role::Item(2),
        "事项名称" | "公开事项名称" | "公开事项" => Role::ItemName,
        "公开内容" | "公开内容(要素)" | "公开内容(要素)及要求" | "公开要求" | "公开内容及要求" | "公开内容要素" => Role::Content,
        "公开依据" => Role::Basis,
        "公开时限" => Role::TimeLimit,
        "公开主体" => Role::Body,
        "公开渠道和载体" | "公开渠道" | "公开渠道及载体" | "公开载体" => Role::Channels,
        "事项类型" | "事项类别" | "事项分类" => Role::ItemType,
        "公开内容标题" | "公开标题" | "内容标题" | "公开信息标题" => Role::ContentTitles,
        "全社会" => Role::AudiencePublic,
        "特定群体" | "特定群众" | "特定对象" => Role::AudienceSpecific,
        "公开对象" => Role::AudienceText,
        "主动" | "主动公开" => Role::ModeProactive,
        "依申请" | "依申请公开" => Role::ModeOnRequest,
        "公开方式" => Role::ModeText,
        "公开层级" | "公开层次" => Role::LevelText,
        _ => return None,
    })
}

fn sub_role(group: Group, sub: &str) -> Option<Role> {
    match group {
        Group::Items => Some(if sub.contains("一级") {
            Role::Item(0)
        } else if sub.contains("二级") {
            Role::Item(1)
        } else if sub.contains("三级") {
            Role::Item(2)
        } else {
            return None;
        }),
        Group::Audience => match single_role(sub) {
            Some(r @ (Role::AudiencePublic | Role::AudienceSpecific)) => Some(r),
            _ => None,
        },
        Group::Mode => match single_role(sub) {
            Some(r @ (Role::ModeProactive | Role::ModeOnRequest)) => Some(r),
            _ => None,
        },
        Group::Level | Group::Channels => None,
    }
}

/// Whether a header cell is a level label (县级, 镇街级, 市级, 乡、村级 …) standing on its own.
fn is_level_label(h: &str) -> bool {
    h.ends_with('级') && h.chars().count() <= 6 && h.chars().any(|c| "省市县区乡镇街村居".contains(c))
}

/// A row's score as a header: how many of its cells are known headers.
fn header_score(row: &[String]) -> usize {
    row.iter()
        .map(|c| normalize(c))
        .filter(|c| single_role(c).is_some() || group_of(c).is_some())
        .count()
}

/// Finds the header in the first rows of the grid. `None` when no row has at least two known headers.
pub fn find(grid: &Grid) -> Option<Header> {
    let first_row = (0..grid.rows.len().min(HEADER_SEARCH_ROWS)).find(|&r| header_score(&grid.rows[r]) >= 2)?;
    let width = grid.width();
    let written = [grid.header_row(first_row, width), grid.header_row(first_row + 1, width)];
    let top_raw: Vec<String> = written[0].iter().map(|c| normalize(c)).collect();
    // Names for diagnostics and extra columns: as written, only whitespace removed.
    let as_written = |r: usize, c: usize| -> String { written[r - first_row][c].chars().filter(|ch| !ch.is_whitespace()).collect() };

    // Forward-fill group headers over the empty cells after them (CSV, or XLSX "centre across
    // selection"); merged cells already read as filled.
    let mut filled = top_raw.clone();
    for c in 1..width {
        if filled[c].is_empty() && group_of(&filled[c - 1]).is_some() {
            filled[c] = filled[c - 1].clone();
        }
    }
    // How many columns each header cell spans (merged or forward-filled): a group only has
    // sub-headers when it spans several columns; on one column it is a text column.
    let span: Vec<usize> = (0..width)
        .map(|c| {
            let same = |i: &usize| filled[*i] == filled[c];
            let left = (0..c).rev().take_while(same).count();
            let right = (c + 1..width).take_while(same).count();
            left + 1 + right
        })
        .collect();

    // The next row is a second header row when it holds sub-headers under groups spanning several
    // columns. Under a one-column group it would be a data row of a text column ("全社会", "县级").
    let sub_candidate: Vec<String> = written[1].iter().map(|c| normalize(c)).collect();
    let has_sub_row = (0..width).any(|c| {
        let s = &sub_candidate[c];
        !s.is_empty()
            && s != &filled[c]
            && span[c] >= 2
            && group_of(&filled[c]).is_some_and(|g| {
                sub_role(g, s).is_some() || (matches!(g, Group::Level | Group::Channels) && is_level_label(s))
            })
    });
    let top = if has_sub_row { filled } else { top_raw.clone() };
    // Columns under 公开层级: merged, or forward-filled above a second header row.
    let level_span = top.iter().filter(|t| group_of(t) == Some(Group::Level)).count();
    let sub: Vec<String> = if has_sub_row {
        sub_candidate.iter().enumerate().map(|(c, s)| if s == &top[c] { String::new() } else { s.clone() }).collect()
    } else {
        vec![String::new(); width]
    };
    let data_row = first_row + if has_sub_row { 2 } else { 1 };

    let mut level_labels = Vec::new();
    let mut extra_columns = Vec::new();
    let mut columns = Vec::with_capacity(width);
    let last_named = (0..width).rev().find(|&c| !top[c].is_empty() || !sub[c].is_empty());
    for c in 0..width {
        let (t, s) = (&top[c], &sub[c]);
        let group = group_of(t);
        let role = match (group, s.is_empty()) {
            (Some(Group::Level), false) => {
                level_labels.push(s.clone());
                Role::Level(level_labels.len() - 1)
            }
            // A 公开层级 spanning several columns needs a label for each.
            (Some(Group::Level), true) if level_span >= 2 => Role::LevelUnlabelled,
            // 县级 · 乡级 under 公开渠道和载体: a channel list per level (湘潭's template).
            (Some(Group::Channels), false) if is_level_label(s) => channels_role_for(s),
            (Some(Group::Channels), false) => Role::ChannelTick(s.clone()),
            (Some(g), false) => match sub_role(g, s) {
                Some(r) => r,
                None => extra(&mut extra_columns, format!("{t}/{}", as_written(first_row + 1, c))),
            },
            (Some(Group::Items), true) if has_sub_row && top_raw[c].is_empty() => {
                extra(&mut extra_columns, t.clone())
            }
            _ => match single_role(t) {
                Some(r) => r,
                None if is_level_label(t) => {
                    level_labels.push(t.clone());
                    Role::Level(level_labels.len() - 1)
                }
                None if t.is_empty() && s.is_empty() && last_named.is_none_or(|l| c > l) => Role::Beyond,
                None if t.is_empty() && s.is_empty() => {
                    if grid.column_has_data(c, data_row) {
                        extra(&mut extra_columns, column_letter(c))
                    } else {
                        Role::Empty
                    }
                }
                None => extra(&mut extra_columns, as_written(first_row, c)),
            },
        };
        let name = if !s.is_empty() && matches!(role, Role::Channels | Role::TownshipChannels) {
            // "县级" alone would read as the 公开层级 column of that name.
            format!("{t}（{}）", as_written(first_row + 1, c))
        } else if !s.is_empty() {
            as_written(first_row + 1, c)
        } else if top_raw[c].is_empty() || role == Role::LevelUnlabelled {
            column_letter(c)
        } else {
            as_written(first_row, c)
        };
        columns.push(Column { role, name });
    }

    // 事项名称 under 一级事项 is the second level; on its own it is the only level.
    let has_first = columns.iter().any(|c| c.role == Role::Item(0));
    let has_second = columns.iter().any(|c| c.role == Role::Item(1));
    for col in columns.iter_mut() {
        if col.role == Role::ItemName {
            col.role = if has_first && !has_second { Role::Item(1) } else if has_first { Role::Item(2) } else { Role::ItemName };
        }
    }

    Some(Header { first_row, data_row, columns, level_labels, extra_columns })
}

fn extra(extra_columns: &mut Vec<String>, name: String) -> Role {
    extra_columns.push(name);
    Role::Extra(extra_columns.len() - 1)
}

/// "A", "B", … "AA": how a spreadsheet names a column (0-based index).
pub fn column_letter(mut c: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// Whether a data row repeats a header row (tables printed page by page repeat it): three or more
/// cells equal to their column's header. Fewer could be ticks written as the column's own label.
pub fn is_repeated_header(row: &[String], header: &Header) -> bool {
    row.iter()
        .zip(&header.columns)
        .filter(|(cell, col)| !cell.trim().is_empty() && same_normalized(cell, &col.name))
        .count()
        >= 3
}

/// The role of a header written on its own row (for tests).
#[cfg(test)]
pub(crate) fn role_of(h: &str) -> Option<Role> {
    single_role(&normalize(h))
}

/// The headers a catalog table is expected to have, for the "no header" error.
pub const EXPECTED: &str = "序号、一级事项、二级事项（或 事项名称）、公开内容（要素）、公开依据、公开时限、公开主体、公开渠道和载体、公开对象、公开方式、公开层级";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_the_same_once_normalised_exactly_when_their_normal_forms_are_equal() {
        // (a, b, same)
        let cases: &[(&str, &str, bool)] = &[
            ("公开主体（单位）", "公开主体(单位)", true),
            (" 公开 时限 ", "公开时限", true),
            ("公开\n时限", "公开时限", true),
            ("公开时限", "公开时限。", false),
            ("公开", "公开时限", false),
            ("公开时限", "公开", false),
            ("", "  ", true),
            ("（", "）", false),
        ];
        for (a, b, same) in cases {
            assert_eq!(same_normalized(a, b), *same, "{a:?} {b:?}");
            assert_eq!(same_normalized(a, b), normalize(a) == normalize(b), "{a:?} {b:?}");
        }
    }

    #[test]
    fn the_elements_of_the_xiangtan_template_are_recognised_in_their_local_variants() {
        // (header as written, role)
        let cases: &[(&str, Option<Role>)] = &[
            ("事项类型", Some(Role::ItemType)),
            ("事项类别", Some(Role::ItemType)),
            ("事项分类", Some(Role::ItemType)),
            ("公开内容标题", Some(Role::ContentTitles)),
            ("公开信息标题", Some(Role::ContentTitles)),
            ("公开标题", Some(Role::ContentTitles)),
            ("公开渠道和载体", Some(Role::Channels)),
            ("公开渠道和载体（县级）", Some(Role::Channels)),
            ("公开渠道和载体(区级)", Some(Role::Channels)),
            ("公开渠道和载体（市级）", Some(Role::Channels)),
            ("公开渠道和载体-县级", Some(Role::Channels)),
            ("县级公开渠道和载体", Some(Role::Channels)),
            ("公开渠道和载体（乡级）", Some(Role::TownshipChannels)),
            ("公开渠道和载体（镇街级）", Some(Role::TownshipChannels)),
            ("公开渠道及载体（乡镇级）", Some(Role::TownshipChannels)),
            ("公开渠道（村级）", Some(Role::TownshipChannels)),
            ("乡级公开渠道和载体", Some(Role::TownshipChannels)),
            ("乡级 公开载体", Some(Role::TownshipChannels)),
            // Not a level: an extra column, as before.
            ("公开渠道和载体（备注）", None),
            ("公开内容标题说明", None),
        ];
        for (h, want) in cases {
            assert_eq!(role_of(h), *want, "{h}");
        }
    }

    /// The header's columns, as (role, name).
    fn columns(rows: &[&[&str]]) -> Vec<(Role, String)> {
        let grid = Grid { sheet: None, rows: rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect(), ..Default::default() };
        find(&grid).expect("a header").columns.into_iter().map(|c| (c.role, c.name)).collect()
    }

    #[test]
    fn channels_per_level_under_one_group_header_are_a_list_each() {
        // 湘潭's two header rows, as a CSV writes merged cells: the group once, then empty cells.
        let got = columns(&[
            &["序号", "公开事项", "", "事项类型", "公开内容（要素）", "公开内容标题", "公开依据", "公开时限", "公开主体", "公开渠道和载体", "", "公开层级", ""],
            &["", "一级事项", "二级事项", "", "", "", "", "", "", "县级", "乡级", "县级", "乡级"],
        ]);
        let roles: Vec<&Role> = got.iter().map(|(r, _)| r).collect();
        assert_eq!(
            roles,
            [
                &Role::Number, &Role::Item(0), &Role::Item(1), &Role::ItemType, &Role::Content, &Role::ContentTitles,
                &Role::Basis, &Role::TimeLimit, &Role::Body, &Role::Channels, &Role::TownshipChannels,
                &Role::Level(0), &Role::Level(1),
            ]
        );
        // Diagnostics name the channel columns so they cannot be taken for the level columns.
        assert_eq!((got[9].1.as_str(), got[10].1.as_str(), got[11].1.as_str()), ("公开渠道和载体（县级）", "公开渠道和载体（乡级）", "县级"));
        // A checklist of channels under the group stays a checklist.
        let got = columns(&[
            &["公开事项", "", "公开内容", "公开依据", "公开时限", "公开主体", "公开渠道和载体", ""],
            &["一级事项", "二级事项", "", "", "", "", "政府网站", "便民服务站"],
        ]);
        assert_eq!(got[6].0, Role::ChannelTick("政府网站".into()));
    }

    #[test]
    fn column_letters_count_like_a_spreadsheet() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
