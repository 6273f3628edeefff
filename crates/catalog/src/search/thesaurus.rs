//! The thesaurus: what citizens say (低保) → what catalogs call it (最低生活保障). Built-in defaults
//! plus a source folder's `thesaurus.csv`, which a county extends.

use super::normalize::Fold;
use super::ThesaurusEntry;

/// Built-in colloquial terms: (俗称, 规范用语 separated by 、).
pub const DEFAULT_THESAURUS: &[(&str, &str)] = &[
    ("低保", "最低生活保障"),
    ("社保", "社会保险"),
    ("医保", "医疗保险、基本医疗保险"),
    ("五保", "特困人员救助供养"),
    ("特困", "特困人员救助供养"),
    ("上户口", "出生登记、户口登记"),
    ("报户口", "出生登记、户口登记"),
    ("落户", "迁入登记、户口登记"),
    ("迁户口", "迁移登记、迁出、迁入登记"),
    ("销户", "注销登记"),
    ("户口", "户籍管理、户口登记"),
    ("改名", "姓名变更"),
    ("身份证", "居民身份证"),
    ("农补", "涉农补贴"),
    ("种粮补贴", "耕地地力保护补贴"),
    ("农机补贴", "农机购置补贴"),
    ("危房", "农村危房改造"),
    ("拆迁", "房屋征收与补偿、拆迁安置"),
    ("征地", "农村集体土地征收、征地补偿"),
    ("公租房", "公共租赁住房、公租房承租资格审核、保障性住房"),
    ("廉租房", "保障性住房"),
    ("招聘", "岗位信息发布、就业信息服务"),
    ("找工作", "就业信息服务、职业介绍"),
    ("失业", "就业失业登记"),
    ("创业", "创业服务"),
    ("养老金", "养老保险待遇"),
    ("高龄补贴", "高龄津贴"),
    ("打疫苗", "预防接种"),
    ("疫苗", "预防接种"),
    ("上学", "义务教育、招生管理"),
    ("学区", "学区划分、招生范围"),
    ("招投标", "招标投标"),
    ("环评", "环境影响评价"),
    ("城管", "城市综合执法"),
    ("打官司", "法律援助、法律咨询服务"),
    ("预算", "财政预决算"),
    ("决算", "财政预决算"),
    ("救济", "社会救助、临时救助"),
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Thesaurus {
    pub entries: Vec<ThesaurusEntry>,
}

impl Thesaurus {
    pub fn new(entries: Vec<ThesaurusEntry>) -> Thesaurus {
        Thesaurus { entries }
    }

    /// The query rewritten with each colloquial term it contains replaced by each of its catalog terms
    /// (低保名单 → 最低生活保障名单); a latin query that spells a term's pinyin or initials (dibao, db),
    /// or starts its pinyin (dib), stands for the catalog terms themselves. Deduplicated, in
    /// thesaurus order.
    pub fn expand(&self, normalized_query: &str) -> Vec<String> {
        let q = normalized_query;
        let latin = !q.is_empty() && q.chars().all(|c| c.is_ascii_alphabetic());
        let mut out: Vec<String> = Vec::new();
        if latin {
            for e in self.spelled(q) {
                out.extend(e.canonical.iter().cloned());
            }
        } else {
            for e in &self.entries {
                if !e.term.is_empty() && q.contains(e.term.as_str()) {
                    out.extend(e.canonical.iter().map(|c| q.replace(e.term.as_str(), c)));
                }
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        out.retain(|v| v != q && seen.insert(v.clone()));
        out
    }

    /// The terms a latin query spells: their pinyin or initials (dibao, db), or the start of their
    /// pinyin (dib, three letters at least).
    pub fn spelled<'a>(&'a self, latin: &'a str) -> impl Iterator<Item = &'a ThesaurusEntry> + 'a {
        self.entries.iter().filter(move |e| {
            !e.pinyin.is_empty()
                && (latin == e.initials || latin == e.pinyin || (latin.len() >= 3 && e.pinyin.starts_with(latin)))
        })
    }

    /// Where characters of the query sound like a term without being it (低宝 or 抵保 for 低保): the
    /// query with the term put in, and with each of its catalog terms put in (低宝名单 → 低保名单,
    /// 最低生活保障名单). `syl` holds the syllable of each character of the query ("" for none).
    /// Whole syllables only, one place per term.
    pub fn by_sound(&self, query: &str, syl: &[String]) -> Vec<(String, Vec<String>)> {
        let chars: Vec<char> = query.chars().collect();
        let mut out = Vec::new();
        if syl.len() != chars.len() {
            return out;
        }
        for e in &self.entries {
            if e.pinyin.is_empty() || query.contains(e.term.as_str()) {
                continue;
            }
            let at = (0..chars.len()).find_map(|i| {
                let mut acc = String::new();
                for (j, s) in syl.iter().enumerate().skip(i) {
                    if s.is_empty() || !e.pinyin[acc.len()..].starts_with(s.as_str()) {
                        return None;
                    }
                    acc.push_str(s);
                    if acc.len() == e.pinyin.len() {
                        return Some((i, j + 1));
                    }
                }
                None
            });
            if let Some((i, j)) = at {
                let (before, after): (String, String) = (chars[..i].iter().collect(), chars[j..].iter().collect());
                let put = |t: &str| format!("{before}{t}{after}");
                out.push((put(&e.term), e.canonical.iter().map(|c| put(c)).collect()));
            }
        }
        out
    }
}

/// Parses `thesaurus.csv` text (`俗称,规范用语`, several terms separated by 、 on either side) into
/// (colloquial, canonical terms) rows, normalised. Returns the rows and the 1-based line numbers of
/// lines that could not be read.
pub fn parse_thesaurus_csv(text: &str, fold: &Fold) -> (Vec<(String, Vec<String>)>, Vec<u32>) {
    let mut rows = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.splitn(2, [',', '，']);
        let (a, b) = (cols.next().unwrap_or(""), cols.next().unwrap_or(""));
        if i == 0 && (a.contains("俗称") || a.eq_ignore_ascii_case("term")) {
            continue;
        }
        let split = |s: &str| -> Vec<String> {
            s.trim_matches('"')
                .split(['、', ';', '；'])
                .map(|t| fold.normalize(t))
                .filter(|t| !t.is_empty())
                .collect()
        };
        let (terms, canon) = (split(a), split(b));
        if terms.is_empty() || canon.is_empty() {
            bad.push(i as u32 + 1);
            continue;
        }
        for t in terms {
            rows.push((t, canon.clone()));
        }
    }
    (rows, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn th() -> Thesaurus {
        Thesaurus::new(vec![
            ThesaurusEntry {
                term: "低保".into(),
                canonical: vec!["最低生活保障".into()],
                pinyin: "dibao".into(),
                initials: "db".into(),
            },
            ThesaurusEntry {
                term: "上户口".into(),
                canonical: vec!["出生登记".into(), "户口登记".into()],
                pinyin: "shanghukou".into(),
                initials: "shk".into(),
            },
        ])
    }

    #[test]
    fn a_colloquial_term_expands_to_the_catalog_term() {
        assert_eq!(th().expand("低保"), vec!["最低生活保障"]);
        assert_eq!(th().expand("低保名单"), vec!["最低生活保障名单"]);
        assert_eq!(th().expand("上户口"), vec!["出生登记", "户口登记"]);
    }

    #[test]
    fn pinyin_and_initials_of_a_colloquial_term_expand_too() {
        assert_eq!(th().expand("dibao"), vec!["最低生活保障"]);
        assert_eq!(th().expand("db"), vec!["最低生活保障"]);
        assert_eq!(th().expand("dib"), vec!["最低生活保障"]);
        assert!(th().expand("d").is_empty());
    }

    #[test]
    fn characters_that_sound_like_a_term_put_the_term_in() {
        let syl = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        let cases: &[(&str, &str, &[(&str, &[&str])])] = &[
            ("低宝", "di bao", &[("低保", &["最低生活保障"])]),
            ("抵保名单", "di bao ming dan", &[("低保名单", &["最低生活保障名单"])]),
            ("要上户扣", "yao shang hu kou", &[("要上户口", &["要出生登记", "要户口登记"])]),
            // The term itself is the literal expansion's business; no syllable, no match.
            ("低保", "di bao", &[]),
            ("低包", "di ", &[]),
            ("弟", "di", &[]),
        ];
        for (q, s, want) in cases {
            let got = th().by_sound(q, &syl(s));
            let want: Vec<(String, Vec<String>)> =
                want.iter().map(|(t, c)| (t.to_string(), c.iter().map(|x| x.to_string()).collect())).collect();
            assert_eq!(got, want, "{q}");
        }
    }

    #[test]
    fn a_query_without_a_colloquial_term_expands_to_nothing() {
        assert!(th().expand("出生登记").is_empty());
    }

    #[test]
    fn the_csv_takes_several_terms_on_either_side_and_reports_bad_lines() {
        let (rows, bad) = parse_thesaurus_csv(
            "\u{feff}俗称,规范用语\n低保、低保户,最低生活保障\n坏行\n農補,涉農補貼\n",
            &Fold::from_pairs("農农補补貼贴"),
        );
        assert_eq!(
            rows,
            vec![
                ("低保".to_string(), vec!["最低生活保障".to_string()]),
                ("低保户".to_string(), vec!["最低生活保障".to_string()]),
                ("农补".to_string(), vec!["涉农补贴".to_string()]),
            ]
        );
        assert_eq!(bad, vec![3]);
    }
}
