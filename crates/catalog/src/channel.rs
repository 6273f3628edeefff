//! A county's service channels (`channels.csv`): 我要查 (progress enquiry), 我要评 (evaluation or
//! comment) and 依申请公开 (applying for disclosure). A channel's link may be a template carrying
//! `{place}` and `{item}`; the build step refuses a template [`check_template`] refuses, and the app
//! expands it with [`expand_template`], which percent-encodes what it puts in and checks the result with
//! [`safe_href`] again.

use crate::link::safe_href;
use crate::model::Mode;
use serde::{Deserialize, Serialize};

/// Which of the three ways back to the government a channel is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// 我要查: check the progress of one's case or application.
    Enquiry,
    /// 我要评: rate or comment (12345, a 留言 board, an evaluation page).
    Evaluation,
    /// 依申请公开: ask for information that is not published proactively.
    Application,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 3] = [ChannelKind::Enquiry, ChannelKind::Evaluation, ChannelKind::Application];

    pub fn label(self) -> &'static str {
        match self {
            ChannelKind::Enquiry => "我要查",
            ChannelKind::Evaluation => "我要评",
            ChannelKind::Application => "依申请公开",
        }
    }

    /// The kind a clerk wrote in the 渠道 column.
    pub fn from_name(s: &str) -> Option<ChannelKind> {
        match s.trim() {
            "我要查" | "查询" | "进度查询" | "办件查询" => Some(ChannelKind::Enquiry),
            "我要评" | "评价" | "好差评" | "留言" => Some(ChannelKind::Evaluation),
            "依申请公开" | "依申请" | "申请公开" => Some(ChannelKind::Application),
            _ => None,
        }
    }
}

/// One service channel of a county, stored on the county's [`crate::Place::channels`]; its townships
/// use their county's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceChannel {
    pub kind: ChannelKind,
    /// What the citizen reads on the button: "12345政务服务便民热线", "县政府信息公开申请".
    pub name: String,
    /// An absolute http, https, tel or mailto link, possibly a template with `{place}` and `{item}`
    /// (already passed [`check_template`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Office hours, an address or what to bring; plain text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// Sample data (示例), not a county's published channel.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sample: bool,
}

/// Why a link template is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{` without its `}`, or a `}` without its `{`.
    UnclosedBrace,
    /// A placeholder other than `{place}` and `{item}`.
    UnknownPlaceholder(String),
    /// A placeholder in the scheme, host or phone number: the data would choose where the link goes.
    PlaceholderTooEarly,
    /// The link is not an absolute http, https, tel or mailto link ([`safe_href`]).
    Unsafe,
}

impl TemplateError {
    /// (中文, English), for a clerk.
    pub fn words(&self) -> (String, String) {
        match self {
            TemplateError::UnclosedBrace => ("链接中的 { 与 } 不成对".into(), "a { or } in the link has no partner".into()),
            TemplateError::UnknownPlaceholder(p) => (
                format!("未知的占位符 {{{p}}}：只能用 {{place}}（地区代码）和 {{item}}（事项名称）"),
                format!("unknown placeholder {{{p}}}: only {{place}} (place code) and {{item}} (item name) are allowed"),
            ),
            TemplateError::PlaceholderTooEarly => (
                "占位符只能出现在网址的路径、查询参数中（网站地址、电话号码本身不能含占位符）".into(),
                "placeholders may only appear in the path or query, not in the scheme, host or phone number".into(),
            ),
            TemplateError::Unsafe => (
                "链接不安全或无效：只接受 http、https、tel、mailto 链接".into(),
                "unsafe or invalid link: only http, https, tel and mailto links are accepted".into(),
            ),
        }
    }
}

/// The template split into literal text and placeholders.
enum Part<'a> {
    Text(&'a str),
    Place,
    Item,
}

fn parts(template: &str) -> Result<Vec<Part<'_>>, TemplateError> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        if rest.as_bytes()[open] == b'}' {
            return Err(TemplateError::UnclosedBrace);
        }
        let close = rest[open..].find('}').ok_or(TemplateError::UnclosedBrace)? + open;
        let name = &rest[open + 1..close];
        if name.contains('{') {
            return Err(TemplateError::UnclosedBrace);
        }
        out.push(Part::Text(&rest[..open]));
        out.push(match name {
            "place" => Part::Place,
            "item" => Part::Item,
            other => return Err(TemplateError::UnknownPlaceholder(other.to_string())),
        });
        rest = &rest[close + 1..];
    }
    out.push(Part::Text(rest));
    Ok(out)
}

/// Checks a link template: braces paired, only `{place}` and `{item}`, placeholders only after the
/// host's first `/`, `?` or `#` (or a mailto's `?`), and the link safe once expanded.
pub fn check_template(template: &str) -> Result<(), TemplateError> {
    let parts = parts(template)?;
    if parts.len() > 1 {
        let Some(Part::Text(head)) = parts.first() else { unreachable!("parts starts with text") };
        if !fixes_destination(head) {
            return Err(TemplateError::PlaceholderTooEarly);
        }
    }
    // Expanding with values that need encoding proves the encoded result still passes.
    expand_parts(&parts, "430102", "最低生活保障 办事指南/?#&").ok_or(TemplateError::Unsafe).map(|_| ())
}

/// Whether the text before the first placeholder already fixes where the link goes: an http(s)
/// scheme and whole host followed by `/`, `?` or `#`, or a mailto address followed by `?`.
fn fixes_destination(head: &str) -> bool {
    let lower = head.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        return rest.find(['/', '?', '#']).is_some_and(|i| i > 0);
    }
    if let Some(rest) = lower.strip_prefix("mailto:") {
        return rest.find('?').is_some_and(|i| rest[..i].contains('@'));
    }
    false
}

/// The link of a template for one place and item: `{place}` and `{item}` replaced by their
/// percent-encoded UTF-8 (every byte but the unreserved `A-Z a-z 0-9 - . _ ~`), and the result
/// checked by [`safe_href`]. `None` for a template [`check_template`] refuses.
pub fn expand_template(template: &str, place: &str, item: &str) -> Option<String> {
    let parts = parts(template).ok()?;
    if parts.len() > 1 {
        let Some(Part::Text(head)) = parts.first() else { return None };
        if !fixes_destination(head) {
            return None;
        }
    }
    expand_parts(&parts, place, item)
}

fn expand_parts(parts: &[Part<'_>], place: &str, item: &str) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Text(t) => out.push_str(t),
            Part::Place => percent_encode(place, &mut out),
            Part::Item => percent_encode(item, &mut out),
        }
    }
    safe_href(&out).map(str::to_string)
}

fn percent_encode(s: &str, out: &mut String) {
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// The channels an item page shows, in order: 我要查, 我要评, 依申请公开 (each kind in the order the
/// county listed them), except that an item disclosed on request (依申请) leads with 依申请公开.
pub fn channels_for_item<'a>(channels: &'a [ServiceChannel], modes: &[Mode]) -> Vec<&'a ServiceChannel> {
    let on_request = modes.contains(&Mode::OnRequest);
    let rank = |k: ChannelKind| match (k, on_request) {
        (ChannelKind::Application, true) => 0,
        (k, _) => 1 + k as u8,
    };
    let mut out: Vec<&ServiceChannel> = channels.iter().collect();
    out.sort_by_key(|c| rank(c.kind)); // stable: the county's order within a kind
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_expand_with_place_and_item_encoded() {
        let cases: &[(&str, &str, &str, &str)] = &[
            ("tel:12345", "430102", "x", "tel:12345"),
            ("https://example.org/q?place={place}", "430102", "x", "https://example.org/q?place=430102"),
            (
                "https://example.org/q?p={place}&item={item}",
                "430102001",
                "低保 办事指南",
                "https://example.org/q?p=430102001&item=%E4%BD%8E%E4%BF%9D%20%E5%8A%9E%E4%BA%8B%E6%8C%87%E5%8D%97",
            ),
            // What would end the query, start a fragment or change the path is encoded.
            ("https://example.org/{item}", "1", "a/b?c#d&e=f", "https://example.org/a%2Fb%3Fc%23d%26e%3Df"),
            // A value trying to break out with a quote or script is just text in the URL.
            ("https://example.org/?q={item}", "1", "\"><script>", "https://example.org/?q=%22%3E%3Cscript%3E"),
            ("mailto:gk@example.org?subject={item}", "1", "评价", "mailto:gk@example.org?subject=%E8%AF%84%E4%BB%B7"),
        ];
        for &(template, place, item, want) in cases {
            assert_eq!(check_template(template), Ok(()), "{template}");
            assert_eq!(expand_template(template, place, item).as_deref(), Some(want), "{template}");
        }
    }

    #[test]
    fn unsafe_and_malformed_templates_are_refused() {
        use TemplateError::*;
        let cases: &[(&str, TemplateError)] = &[
            ("javascript:alert(1)", Unsafe),
            ("javascript:{item}", PlaceholderTooEarly),
            ("{item}", PlaceholderTooEarly),
            ("https://{place}.example.org/", PlaceholderTooEarly),
            ("https://example.org{item}", PlaceholderTooEarly),
            ("https://ex{item}ample.org/", PlaceholderTooEarly),
            ("tel:{place}", PlaceholderTooEarly),
            ("mailto:{item}@example.org", PlaceholderTooEarly),
            ("data:text/html,{item}", PlaceholderTooEarly),
            ("https://example.org/?q={name}", UnknownPlaceholder("name".into())),
            ("https://example.org/?q={PLACE}", UnknownPlaceholder("PLACE".into())),
            ("https://example.org/?q={}", UnknownPlaceholder(String::new())),
            ("https://example.org/?q={place", UnclosedBrace),
            ("https://example.org/?q=place}", UnclosedBrace),
            ("https://example.org/?q={{place}}", UnclosedBrace),
            ("/relative/{item}", PlaceholderTooEarly),
            ("https://example.org/ a", Unsafe),
            ("https://user@example.org/", Unsafe),
        ];
        for (template, want) in cases {
            assert_eq!(check_template(template).as_ref(), Err(want), "{template}");
            assert_eq!(expand_template(template, "430102", "x"), None, "{template}");
        }
    }

    #[test]
    fn every_refusal_names_the_problem_in_chinese_and_english() {
        for e in [TemplateError::UnclosedBrace, TemplateError::UnknownPlaceholder("x".into()), TemplateError::PlaceholderTooEarly, TemplateError::Unsafe] {
            let (zh, en) = e.words();
            assert!(zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && en.is_ascii(), "{zh} / {en}");
        }
    }

    #[test]
    fn kinds_are_read_from_what_clerks_write() {
        for (s, k) in [("我要查", Some(ChannelKind::Enquiry)), (" 好差评 ", Some(ChannelKind::Evaluation)), ("依申请", Some(ChannelKind::Application)), ("投诉", None)] {
            assert_eq!(ChannelKind::from_name(s), k, "{s}");
        }
    }

    #[test]
    fn an_item_disclosed_on_request_leads_with_the_application_channel() {
        let ch = |kind, name: &str| ServiceChannel { kind, name: name.into(), url: Some("tel:12345".into()), note: String::new(), sample: false };
        let county = [
            ch(ChannelKind::Application, "申请"),
            ch(ChannelKind::Evaluation, "12345"),
            ch(ChannelKind::Enquiry, "查询"),
            ch(ChannelKind::Evaluation, "留言板"),
        ];
        let names = |modes: &[Mode]| channels_for_item(&county, modes).iter().map(|c| c.name.as_str()).collect::<Vec<_>>();
        assert_eq!(names(&[Mode::Proactive]), ["查询", "12345", "留言板", "申请"]);
        assert_eq!(names(&[Mode::Proactive, Mode::OnRequest]), ["申请", "查询", "12345", "留言板"]);
        assert!(channels_for_item(&[], &[Mode::OnRequest]).is_empty());
    }
}
