//! Plain-language text for citizens: the 公开时限 in words, a 公开对象, and dates, absolute
//! (2026年11月19日) and relative to today (3天前).

use chrono::{Datelike, NaiveDate};
use gongkai_catalog::{Audience, DayUnit, Deadline, TimeLimit};

fn unit(u: DayUnit) -> &'static str {
    match u {
        DayUnit::WorkingDays => "个工作日",
        DayUnit::Days => "天（自然日）",
    }
}

/// The parsed 公开时限 in plain words, if it was recognised.
pub fn deadline_words(t: &TimeLimit) -> Option<String> {
    Some(match t.parsed.as_ref()? {
        Deadline::Within { amount, unit: u, after, notice } => {
            let mut s = match after {
                Some(a) => format!("在「{a}」之日起 {amount} {} 内公开", unit(*u)),
                None => format!("在 {amount} {} 内公开", unit(*u)),
            };
            if let Some(n) = notice {
                s.push_str(&format!("，公开后公示 {} {}", n.amount, unit(n.unit)));
            }
            s.push('。');
            s
        }
        Deadline::Realtime => "实时公开：信息产生时即公开。".into(),
        Deadline::Ongoing => "长期公开：持续保持公开，没有截止日期。".into(),
    })
}

/// A 公开对象, with the group when the catalog names one.
pub fn audience_text(a: &Audience) -> String {
    match a {
        Audience::Specific { group: Some(g) } => format!("特定群体（{g}）"),
        a => a.label().to_string(),
    }
}

pub fn absolute(date: NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// "今天", "昨天", "3天前", "2个月前", "1年前"; future dates (a data error, or a clock behind) read "N天后".
pub fn relative(date: NaiveDate, today: NaiveDate) -> String {
    let days = (today - date).num_days();
    match days {
        0 => "今天".into(),
        1 => "昨天".into(),
        2..=59 => format!("{days}天前"),
        60..=364 => format!("{}个月前", days / 30),
        d if d >= 365 => format!("{}年前", d / 365),
        -1 => "明天".into(),
        d => format!("{}天后", -d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongkai_catalog::Period;

    fn within(amount: u16, u: DayUnit, after: Option<&str>, notice: Option<(u16, DayUnit)>) -> TimeLimit {
        TimeLimit {
            text: String::new(),
            parsed: Some(Deadline::Within {
                amount,
                unit: u,
                after: after.map(str::to_string),
                notice: notice.map(|(amount, unit)| Period { amount, unit }),
            }),
        }
    }

    #[test]
    fn deadlines_read_as_plain_sentences() {
        let cases = [
            (within(20, DayUnit::WorkingDays, None, None), Some("在 20 个工作日 内公开。")),
            (within(7, DayUnit::Days, Some("信息形成或变更"), None), Some("在「信息形成或变更」之日起 7 天（自然日） 内公开。")),
            (within(5, DayUnit::WorkingDays, Some("审核"), Some((7, DayUnit::Days))), Some("在「审核」之日起 5 个工作日 内公开，公开后公示 7 天（自然日）。")),
            (TimeLimit { text: "实时".into(), parsed: Some(Deadline::Realtime) }, Some("实时公开：信息产生时即公开。")),
            (TimeLimit { text: "长期".into(), parsed: Some(Deadline::Ongoing) }, Some("长期公开：持续保持公开，没有截止日期。")),
            (TimeLimit { text: "按规定".into(), parsed: None }, None),
        ];
        for (t, words) in cases {
            assert_eq!(deadline_words(&t).as_deref(), words, "{t:?}");
        }
    }

    #[test]
    fn audiences_name_their_group() {
        assert_eq!(audience_text(&Audience::Specific { group: Some("申请人".into()) }), "特定群体（申请人）");
        assert_eq!(audience_text(&Audience::Specific { group: None }), Audience::Specific { group: None }.label());
        assert_eq!(audience_text(&Audience::Public), Audience::Public.label());
    }

    #[test]
    fn dates_read_relative_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let cases = [
            (0, "今天"), (1, "昨天"), (2, "2天前"), (59, "59天前"), (60, "2个月前"), (364, "12个月前"),
            (365, "1年前"), (800, "2年前"), (-1, "明天"), (-3, "3天后"),
        ];
        for (ago, words) in cases {
            let date = today - chrono::TimeDelta::days(ago);
            assert_eq!(relative(date, today), words, "{ago} days ago");
        }
        assert_eq!(absolute(today), "2026年12月2日");
    }
}
