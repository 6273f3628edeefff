//! Parsing 公开时限 (the time limit of an item) from the free text catalogs write.
//!
//! The text is always kept as written; [`parse`] only adds a structured reading when the text has one of
//! the recurring shapes ("信息形成或者变更之日起20个工作日内", "批准后20日内", "…，公示7个工作日", "实时",
//! "长期公开"). Anything else (按规定时限, 每年3月底前, 3个月内) gives `None`, never a guess.

use crate::model::{DayUnit, Deadline, Period};

/// Reads a 公开时限 text. `None` when the text has no recognisable shape.
pub fn parse(text: &str) -> Option<Deadline> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_end_matches(['。', '.', '；', ';']);
    if t.is_empty() {
        return None;
    }
    if t.starts_with("实时") || t.starts_with("即时") {
        return Some(Deadline::Realtime);
    }
    if t.starts_with("长期") || t.starts_with("常态化") {
        return Some(Deadline::Ongoing);
    }

    let m = find_period(t, 0)?;
    let after = event(&t[..m.start])?;
    let rest = &t[m.end..];
    let rest = rest.strip_prefix("以内").or_else(|| rest.strip_prefix('内')).unwrap_or(rest);
    // A public notice that follows publication is written as a clause of its own: "，公示7个工作日".
    let notice = rest.find("公示").and_then(|i| find_period(&rest[i..], 0)).map(|n| n.period);
    Some(Deadline::Within { amount: m.period.amount, unit: m.period.unit, after, notice })
}

struct PeriodMatch {
    period: Period,
    /// Byte range of the number and unit in the text.
    start: usize,
    end: usize,
}

/// The first "<number><unit>" in `t` at or after byte `from`, where the number is Arabic (also
/// full-width) or Chinese (二十, 十五) and the unit is 个工作日, 工作日, 日, 天 or 自然日.
fn find_period(t: &str, from: usize) -> Option<PeriodMatch> {
    let mut i = from;
    while i < t.len() {
        let c = t[i..].chars().next()?;
        if numeral_value(c).is_some() {
            let run_end = t[i..]
                .char_indices()
                .find(|&(_, c)| numeral_value(c).is_none())
                .map_or(t.len(), |(j, _)| i + j);
            if let Some(amount) = number(&t[i..run_end]) {
                if let Some((unit, len)) = unit_at(&t[run_end..]) {
                    return Some(PeriodMatch { period: Period { amount, unit }, start: i, end: run_end + len });
                }
            }
            i = run_end;
        } else {
            i += c.len_utf8();
        }
    }
    None
}

fn unit_at(s: &str) -> Option<(DayUnit, usize)> {
    const UNITS: &[(&str, DayUnit)] = &[
        ("个工作日", DayUnit::WorkingDays),
        ("工作日", DayUnit::WorkingDays),
        ("个自然日", DayUnit::Days),
        ("自然日", DayUnit::Days),
        ("日", DayUnit::Days),
        ("天", DayUnit::Days),
    ];
    UNITS.iter().find(|(u, _)| s.starts_with(u)).map(|&(u, unit)| (unit, u.len()))
}

/// The event a period runs from, from the text before the number: "信息形成或者变更之日起" →
/// "信息形成或者变更", "批准后" → "批准", "" → none. Text that is not an event ("公告期限", "每年6月")
/// makes the whole time limit unparsed: `None` outer.
fn event(prefix: &str) -> Option<Option<String>> {
    let p = prefix.trim_end_matches(['，', ',', '：', ':']);
    if p.is_empty() {
        return Some(None);
    }
    let stripped = ["之日起", "日起", "之后", "以后", "后", "起"]
        .iter()
        .find_map(|s| p.strip_suffix(s))?;
    let stripped = stripped.strip_prefix('自').or_else(|| stripped.strip_prefix('从')).unwrap_or(stripped);
    let stripped = stripped.trim_end_matches('的');
    Some(if stripped.is_empty() { None } else { Some(stripped.to_string()) })
}

fn numeral_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        '零' | '〇' => Some(0),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        '十' => Some(10),
        '百' => Some(100),
        _ => None,
    }
}

/// "20", "２０", "二十", "十五", "一百二十", "七". Mixed or malformed runs give `None`.
fn number(run: &str) -> Option<u16> {
    if run.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
        let digits: String = run.chars().map(|c| char::from_digit(numeral_value(c).unwrap_or(0), 10).unwrap_or('0')).collect();
        return digits.parse().ok().filter(|&n| n > 0);
    }
    let mut total: u32 = 0;
    let mut digit: Option<u32> = None;
    for c in run.chars() {
        match c {
            '十' | '百' => {
                let mult = if c == '十' { 10 } else { 100 };
                total += digit.take().unwrap_or(1) * mult;
            }
            c if c.is_ascii_digit() || ('０'..='９').contains(&c) => return None,
            c => {
                if digit.is_some() {
                    return None;
                }
                digit = numeral_value(c);
            }
        }
    }
    total += digit.unwrap_or(0);
    u16::try_from(total).ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use DayUnit::*;

    fn within(amount: u16, unit: DayUnit, after: Option<&str>, notice: Option<(u16, DayUnit)>) -> Option<Deadline> {
        Some(Deadline::Within {
            amount,
            unit,
            after: after.map(str::to_string),
            notice: notice.map(|(amount, unit)| Period { amount, unit }),
        })
    }

    #[test]
    fn every_real_time_limit_shape_parses() {
        let cases: &[(&str, Option<Deadline>)] = &[
            ("信息形成或者变更之日起20个工作日内", within(20, WorkingDays, Some("信息形成或者变更"), None)),
            ("形成或者变更之日起20个工作日内", within(20, WorkingDays, Some("形成或者变更"), None)),
            ("制定或获取信息之日起10个工作日内", within(10, WorkingDays, Some("制定或获取信息"), None)),
            (
                "制定或获取信息之日起10个工作日内，公示7个工作日",
                within(10, WorkingDays, Some("制定或获取信息"), Some((7, WorkingDays))),
            ),
            ("本级人民代表大会或其常务委员会批准后20日内", within(20, Days, Some("本级人民代表大会或其常务委员会批准"), None)),
            ("本级人大或其常委会批准后20日内", within(20, Days, Some("本级人大或其常委会批准"), None)),
            ("本级政府财政部门批复后20日内", within(20, Days, Some("本级政府财政部门批复"), None)),
            ("事后7个工作日", within(7, WorkingDays, Some("事"), None)),
            ("确定之日起2个工作日内", within(2, WorkingDays, Some("确定"), None)),
            ("签订之日起2个工作日内", within(2, WorkingDays, Some("签订"), None)),
            ("收到之日起10个工作日内", within(10, WorkingDays, Some("收到"), None)),
            ("调查结束后5个工作日内", within(5, WorkingDays, Some("调查结束"), None)),
            ("分配结果确定后20个工作日内", within(20, WorkingDays, Some("分配结果确定"), None)),
            ("20个工作日内", within(20, WorkingDays, None, None)),
            ("7个工作日内", within(7, WorkingDays, None, None)),
            ("自信息形成或者变更之日起二十个工作日内", within(20, WorkingDays, Some("信息形成或者变更"), None)),
            ("信息形成之日起十五个工作日内予以公开。", within(15, WorkingDays, Some("信息形成"), None)),
            ("信息形成或者变更之日起\n20个工作日内", within(20, WorkingDays, Some("信息形成或者变更"), None)),
            ("形成之日起２０个工作日内", within(20, WorkingDays, Some("形成"), None)),
            ("实时", Some(Deadline::Realtime)),
            ("即时", Some(Deadline::Realtime)),
            ("实时公开", Some(Deadline::Realtime)),
            ("长期公开", Some(Deadline::Ongoing)),
            ("常态化公开", Some(Deadline::Ongoing)),
        ];
        for (text, expected) in cases {
            assert_eq!(&parse(text), expected, "{text}");
        }
    }

    #[test]
    fn texts_without_a_recognisable_shape_are_left_unparsed() {
        for text in ["", "按规定时限", "每年6月30日前", "3个月内", "公告期限5个工作日", "及时公开更新"] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn chinese_numerals_read_as_numbers() {
        assert_eq!(number("二十"), Some(20));
        assert_eq!(number("十五"), Some(15));
        assert_eq!(number("十"), Some(10));
        assert_eq!(number("七"), Some(7));
        assert_eq!(number("一百二十"), Some(120));
        assert_eq!(number("三十"), Some(30));
        assert_eq!(number("二二"), None);
        assert_eq!(number("0"), None);
    }
}
