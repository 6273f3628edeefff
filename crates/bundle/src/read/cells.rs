//! Reading the text of one catalog cell: ticks, content elements, legal bases, channels.

use gongkai_catalog::{LegalBasis, CHANNELS, CHANNEL_ALIASES};

/// A tick cell's reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tick {
    Yes,
    No,
    /// Neither a tick nor an empty mark: the text as written (a group name under 特定群体, or a typo).
    Other(String),
}

pub const YES: &[&str] = &["■", "√", "✓", "✔", "✔️", "☑", "☑️", "●", "是", "Y", "y", "Yes", "yes", "YES", "有", "true", "TRUE"];
pub const NO: &[&str] = &["", "□", "☐", "否", "N", "n", "No", "no", "NO", "无", "/", "-", "—", "－", "false", "FALSE"];

/// Reads a tick cell. `label` is the column's own label: a cell repeating it (全社会 under 全社会) is a tick.
pub fn tick(text: &str, label: &str) -> Tick {
    let t = text.trim();
    if YES.contains(&t) || (!label.is_empty() && t == label) {
        Tick::Yes
    } else if NO.contains(&t) {
        Tick::No
    } else {
        Tick::Other(t.to_string())
    }
}

/// Whether a text starts like a spreadsheet formula (=HYPERLINK(…), =cmd|…, +cmd|…, @SUM(…)). Such
/// text is kept as inert text; the warning tells the clerk it was not evaluated and may be unsafe to
/// open elsewhere.
pub fn looks_like_formula(text: &str) -> bool {
    let t = text.trim_start();
    let mut chars = t.chars();
    match chars.next() {
        Some('=') => chars.next().is_some_and(|c| !c.is_whitespace()),
        Some('+' | '-' | '@') => {
            let rest = chars.as_str();
            rest.contains('(') || rest.contains('|') || rest.contains('!')
        }
        _ => false,
    }
}

/// 公开内容（要素） as a list. Newlines, ；/; and numbered lists ("1." "（1）" "①") are the strong
/// separators; only when a cell has none of them is it split on 、 — so "办理时间、地点" stays one
/// element in a numbered list. Nothing inside brackets is split.
pub fn content_elements(text: &str) -> Vec<String> {
    let strong: Vec<String> = numbered_parts(text)
        .into_iter()
        .flat_map(|p| split_outside_brackets(&p, &['\n', '\r', '；', ';']))
        .map(|p| clean_element(&p))
        .filter(|p| !p.is_empty())
        .collect();
    let had_strong = strong.len() > 1;
    if had_strong {
        return strong;
    }
    split_outside_brackets(text, &['、', '，', ','])
        .into_iter()
        .map(|p| clean_element(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// 公开依据 as a list of laws/documents, keeping 【法律】-style tags. Split on newlines, ；, numbering,
/// and between consecutive 《…》 titles ("《A》第三条、《B》" → "《A》第三条", "《B》").
pub fn legal_bases(text: &str) -> Vec<LegalBasis> {
    let mut out = Vec::new();
    for segment in numbered_parts(text).into_iter().flat_map(|p| split_outside_brackets(&p, &['\n', '\r', '；', ';'])) {
        for (tag, body) in tagged_pieces(&segment) {
            for piece in split_titles(&body) {
                let piece = clean_element(&piece);
                if !piece.is_empty() {
                    out.push(LegalBasis { text: piece, tag: tag.clone() });
                }
            }
        }
    }
    out
}

/// 公开渠道和载体 as channel names: canonical names of [`CHANNELS`] where recognised, the text as written
/// otherwise. The second list holds the unrecognised ones, for a warning. A cell written as a checklist
/// ("■政府网站 □政府公报") gives only its ticked entries.
pub fn channels(text: &str) -> (Vec<String>, Vec<String>) {
    let mut names = Vec::new();
    let mut unknown = Vec::new();
    for token in checklist_entries(text).iter().flat_map(|e| split_outside_brackets(e, &['、', '，', ',', '；', ';', '\n', '\r', ' ', '\u{3000}', '\t'])) {
        let token = clean_element(&token);
        let token = token.trim_end_matches('等').trim();
        if token.is_empty() {
            continue;
        }
        let found: Vec<&str> = match channel_name(token) {
            Some(c) => vec![c],
            // "政府网站/政务新媒体": several channels joined by a slash.
            None => {
                let parts: Vec<Option<&str>> = token.split(['/', '／']).map(|p| channel_name(p.trim())).collect();
                if parts.len() > 1 && parts.iter().all(Option::is_some) {
                    parts.into_iter().flatten().collect()
                } else {
                    vec![]
                }
            }
        };
        if found.is_empty() && !names.iter().any(|n: &String| n == token) {
            names.push(token.to_string());
            unknown.push(token.to_string());
        }
        for c in found {
            if !names.iter().any(|n| n == c) {
                names.push(c.to_string());
            }
        }
    }
    (names, unknown)
}

fn channel_name(token: &str) -> Option<&'static str> {
    // Full-width brackets and slash as their ASCII forms, compared char by char (no copies: a
    // national build looks up millions of channel cells).
    let fold = |c: char| if c == '／' { '/' } else { super::header::half_width_bracket(c) };
    let same = |a: &str| a.chars().map(fold).eq(token.chars().map(fold));
    if let Some(c) = CHANNELS.iter().find(|c| same(c)) {
        return Some(c);
    }
    if let Some((_, c)) = CHANNEL_ALIASES.iter().find(|(a, _)| same(a)) {
        return Some(c);
    }
    // "政府网站（www.example.gov.cn）": a known channel with a note in brackets.
    let base = token.split(['(', '（']).next().unwrap_or("").trim();
    if base.len() < token.len() && !base.is_empty() {
        return channel_name(base);
    }
    None
}

/// The entries of a channel cell written as a checklist with ■/□ marks, keeping the ticked ones; the
/// whole text when the cell has no marks.
fn checklist_entries(text: &str) -> Vec<String> {
    const TICKED: &[char] = &['■', '☑', '√', '✓', '✔'];
    const UNTICKED: &[char] = &['□', '☐'];
    if !text.chars().any(|c| TICKED.contains(&c) || UNTICKED.contains(&c)) {
        return vec![text.to_string()];
    }
    let mut out = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for c in text.chars() {
        if TICKED.contains(&c) || UNTICKED.contains(&c) {
            if let Some((true, s)) = current.take() {
                out.push(s);
            }
            current = Some((TICKED.contains(&c), String::new()));
        } else if let Some((_, s)) = current.as_mut() {
            s.push(c);
        }
    }
    if let Some((true, s)) = current {
        out.push(s);
    }
    out
}

/// Splits on any of `seps` that is not inside （）()《》【】〔〕[] brackets.
fn split_outside_brackets(text: &str, seps: &[char]) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth: u32 = 0;
    let mut cur = String::new();
    for c in text.chars() {
        match c {
            '（' | '(' | '《' | '【' | '〔' | '[' | '“' => depth += 1,
            '）' | ')' | '》' | '】' | '〕' | ']' | '”' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 && seps.contains(&c) {
            out.push(std::mem::take(&mut cur));
        } else {
            cur.push(c);
        }
    }
    out.push(cur);
    out
}

/// Splits a numbered list ("1.A 2.B", "（1）A（2）B", "①A②B", "1、A\n2、B") into its items, markers
/// removed. Markers must count up from 1, so "2.5万元" or "第3条" in running text split nothing.
fn numbered_parts(text: &str) -> Vec<String> {
    let circled: Vec<usize> = text.char_indices().filter(|(_, c)| ('①'..='⑳').contains(c)).map(|(i, _)| i).collect();
    if !circled.is_empty() {
        let mut parts = vec![text[..circled[0]].to_string()];
        for (k, &i) in circled.iter().enumerate() {
            let start = i + '①'.len_utf8();
            let end = circled.get(k + 1).copied().unwrap_or(text.len());
            parts.push(text[start..end].to_string());
        }
        return parts.into_iter().filter(|p| !p.trim().is_empty()).collect();
    }
    // Find "1." at the very start (after whitespace), then "2." … each not preceded by a digit or dot.
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (marker start, text start)
    let mut n = 1;
    let mut from = 0;
    while let Some((start, end)) = find_marker(text, from, n) {
        if n == 1 && !text[..start].trim().is_empty() {
            break;
        }
        cuts.push((start, end));
        from = end;
        n += 1;
    }
    if cuts.len() < 2 {
        return vec![text.to_string()];
    }
    cuts.iter()
        .enumerate()
        .map(|(k, &(_, s))| text[s..cuts.get(k + 1).map_or(text.len(), |c| c.0)].to_string())
        .collect()
}

/// The byte range of the list marker for number `n` ("n." "n．" "n、" "(n)" "（n）") at or after `from`.
fn find_marker(text: &str, from: usize, n: u32) -> Option<(usize, usize)> {
    let num = n.to_string();
    let candidates = [
        (format!("（{num}）"), false),
        (format!("({num})"), false),
        (format!("{num}."), true),
        (format!("{num}．"), true),
        (format!("{num}、"), true),
    ];
    let mut best: Option<(usize, usize)> = None;
    for (marker, bare) in &candidates {
        let mut search = from;
        while let Some(pos) = text[search..].find(marker.as_str()).map(|p| p + search) {
            let end = pos + marker.len();
            let prev = text[..pos].chars().next_back();
            let next = text[end..].chars().next();
            let ok = !bare
                || (!prev.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '第')
                    && !next.is_some_and(|c| c.is_ascii_digit()));
            if ok {
                if best.is_none_or(|(b, _)| pos < b) {
                    best = Some((pos, end));
                }
                break;
            }
            search = end;
        }
    }
    best
}

/// Splits a legal-basis segment at 【tag】 marks: each piece takes the tag before it.
fn tagged_pieces(segment: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    let mut rest = segment;
    let mut tag: Option<String> = None;
    loop {
        let open = rest.find('【');
        let close = open.and_then(|o| rest[o..].find('】').map(|c| o + c));
        match (open, close) {
            (Some(o), Some(c)) if rest[o + '【'.len_utf8()..c].chars().count() <= 10 => {
                let before = &rest[..o];
                if !before.trim().is_empty() {
                    out.push((tag.clone(), before.to_string()));
                }
                let t = rest[o + '【'.len_utf8()..c].trim();
                tag = (!t.is_empty()).then(|| t.to_string());
                rest = &rest[c + '】'.len_utf8()..];
            }
            _ => {
                if !rest.trim().is_empty() {
                    out.push((tag.clone(), rest.to_string()));
                }
                return out;
            }
        }
    }
}

/// Splits before every 《 that follows a closed 》, dropping the joining word (、，及和) in between.
fn split_titles(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut seen_title = false;
    let mut depth = 0u32;
    for c in body.chars() {
        if c == '《' && depth == 0 && seen_title {
            let trimmed = cur.trim_end_matches(['、', '，', ',', '及', '和', '与', ' ', '　']).trim_end_matches("以").to_string();
            out.push(trimmed);
            cur = String::new();
        }
        match c {
            '《' => depth += 1,
            '》' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    seen_title = true;
                }
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out
}

/// Trims whitespace and list punctuation around one element.
fn clean_element(s: &str) -> String {
    s.trim()
        .trim_matches(|c: char| c.is_whitespace() || matches!(c, '、' | '，' | ',' | '；' | ';' | '。' | '：' | ':'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_numbered_list_keeps_enumerations_inside_an_element() {
        let c = content_elements("1.办理事项；2.办理条件；3.办理时间、地点；4.联系方式");
        assert_eq!(c, ["办理事项", "办理条件", "办理时间、地点", "联系方式"]);
        let c = content_elements("（1）招聘单位（2）岗位要求");
        assert_eq!(c, ["招聘单位", "岗位要求"]);
        assert_eq!(content_elements("①政策依据②申请指南"), ["政策依据", "申请指南"]);
    }

    #[test]
    fn a_plain_cell_splits_on_dunhao_but_not_inside_brackets() {
        let c = content_elements("政策依据、申请指南（补贴对象、范围、标准）、补贴结果");
        assert_eq!(c, ["政策依据", "申请指南（补贴对象、范围、标准）", "补贴结果"]);
        assert_eq!(content_elements("补助标准为2.5万元"), ["补助标准为2.5万元"]);
    }

    #[test]
    fn formulas_are_recognised_but_dashes_are_not() {
        assert!(looks_like_formula("=HYPERLINK(\"http://x\",\"点击\")"));
        assert!(looks_like_formula("=cmd|' /C calc'!A0"));
        assert!(looks_like_formula("@SUM(A1)"));
        assert!(!looks_like_formula("-"));
        assert!(!looks_like_formula("- 无"));
        assert!(!looks_like_formula("="));
    }
}
