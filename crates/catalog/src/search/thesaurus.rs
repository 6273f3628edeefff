//! The thesaurus: what citizens say (低保) → what catalogs call it (最低生活保障). Built-in defaults
//! plus a source folder's `thesaurus.csv`, which a county extends.

use super::normalize::Fold;
use super::ThesaurusEntry;

/// Built-in colloquial terms and former names, true everywhere: (俗称或旧称, 规范用语 separated by 、).
/// Former names are those of programmes merged or renamed by national policy; a county adds its own
/// in its source folder's `thesaurus.csv` (docs/source-format.md), and its row for a term listed here
/// replaces this one. Catalog terms that are whole domains (社会保险) make every item of the domain
/// match, so rows name items where they can.
pub const DEFAULT_THESAURUS: &[(&str, &str)] = &[
    // 社会救助
    ("低保", "最低生活保障"),
    ("低保户", "最低生活保障"),
    ("吃低保", "最低生活保障"),
    ("五保", "特困人员救助供养"),       // 农村五保供养, 城市三无人员: 特困人员救助供养 since 2014
    ("五保户", "特困人员救助供养"),
    ("三无人员", "特困人员救助供养"),
    ("特困", "特困人员救助供养"),
    ("救急难", "临时救助"),
    ("大病救助", "医疗救助"),
    ("救济", "临时救助、社会救助"),
    ("残疾人两项补贴", "困难残疾人生活补贴和重度残疾人护理补贴"),
    ("残疾人补贴", "困难残疾人生活补贴和重度残疾人护理补贴"),
    // 社会保险
    ("社保", "社会保险"),
    ("新农保", "城乡居民养老保险"),     // 新型农村社会养老保险 + 城镇居民社会养老保险, merged 2014
    ("城居保", "城乡居民养老保险"),
    ("农村养老保险", "城乡居民养老保险"),
    ("新农合", "城乡居民基本医疗保险、城乡居民医疗保险"), // merged with 城镇居民医保, 2016
    ("合作医疗", "城乡居民基本医疗保险、城乡居民医疗保险"),
    ("医保", "医疗保险、医疗保障"),
    ("养老金", "基本养老金、养老保险待遇"),
    ("退休金", "基本养老金、养老保险待遇"),
    ("失业金", "失业保险金"),
    ("社保卡", "社会保障卡"),
    // 涉农补贴: 良种补贴, 农资综合补贴 and 种粮农民直接补贴 (三项补贴) became 农业支持保护补贴 in 2016,
    // paid as 耕地地力保护补贴.
    ("良种补贴", "耕地地力保护补贴"),
    ("农资综合补贴", "耕地地力保护补贴"),
    ("种粮农民直接补贴", "耕地地力保护补贴"),
    ("粮食直补", "耕地地力保护补贴"),
    ("三项补贴", "耕地地力保护补贴"),
    ("农业支持保护补贴", "耕地地力保护补贴"),
    ("种粮补贴", "耕地地力保护补贴、实际种粮农民一次性补贴"),
    ("粮补", "耕地地力保护补贴"),
    ("地力补贴", "耕地地力保护补贴"),
    ("农补", "涉农补贴"),
    ("农机补贴", "农机购置补贴"),
    ("农机购置与应用补贴", "农机购置补贴"),
    ("危房", "农村危房改造"),
    ("危改", "农村危房改造"),
    // 户籍管理
    ("上户口", "出生登记"),
    ("报户口", "出生登记"),
    ("新生儿落户", "出生登记"),
    ("落户", "迁入登记、落户"),
    ("迁户口", "迁移登记、迁出、迁入登记"),
    ("销户", "注销登记"),
    ("户口本", "户口登记、户籍证明"),
    ("户口证明", "户籍证明"),
    ("改名", "姓名变更"),
    ("改名字", "姓名变更"),
    ("身份证", "居民身份证"),
    ("暂住证", "居住证"),               // 居住证暂行条例, 2016
    // 卫生健康
    ("打疫苗", "预防接种"),
    ("疫苗", "预防接种"),
    ("准生证", "生育登记"),             // 生育服务证, 生育登记 since 2016
    ("计生", "计划生育"),
    ("独生子女奖励", "计划生育家庭奖励扶助"),
    ("老年人体检", "老年人健康管理"),
    ("体检", "健康管理、居民健康档案"),
    // 养老服务
    ("高龄补贴", "高龄津贴"),
    ("长寿补贴", "高龄津贴"),
    ("老人补贴", "老年人补贴"),
    ("敬老院", "养老机构"),
    ("养老院", "养老机构"),
    // 住房
    ("公租房", "公共租赁住房"),
    ("廉租房", "公共租赁住房、公租房"),  // 廉租住房 merged into 公共租赁住房, 2014
    ("经适房", "保障性住房"),
    ("拆迁", "房屋征收"),               // 城市房屋拆迁管理条例, replaced by 国有土地上房屋征收与补偿条例 in 2011
    ("拆迁补偿", "房屋征收、补偿"),
    ("征地", "土地征收"),
    ("盖房子", "乡村建设规划许可证"),
    ("建房", "乡村建设规划许可证"),
    // 就业
    ("招聘", "岗位信息、招聘"),
    ("找工作", "岗位信息、职业介绍"),
    ("招工", "岗位信息"),
    ("失业", "失业登记"),
    ("创业贷款", "创业担保贷款"),
    // 义务教育
    ("上学", "招生"),
    ("入学", "招生"),
    ("学区", "招生范围、学区划分"),
    ("划片", "招生范围、学区划分"),
    ("助学金", "学生资助"),
    ("营养餐", "营养改善计划"),
    // 其他
    ("扶贫", "乡村振兴、扶贫"),
    ("贫困户", "贫困人口"),
    ("防返贫", "防止返贫监测对象"),
    ("招投标", "招标投标"),
    ("环评", "环境影响评价"),
    ("排污证", "排污许可证"),
    ("城管", "城市综合执法"),
    ("打官司", "法律援助、法律咨询服务"),
    ("请律师", "律师、法律援助"),
    ("开饭店", "食品经营许可、小餐饮"),
    ("开餐馆", "食品经营许可、小餐饮"),
    ("开药店", "药品零售"),
    ("报税", "纳税服务、办税"),
    ("交税", "纳税服务、办税"),
    ("避难所", "应急避难场所"),
    ("预算", "财政预决算、预算"),
    ("决算", "财政预决算、决算"),
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
        out.retain(|v| v != q);
        super::ngram::keep_first(&mut out);
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
        // (query, its syllables, [(a reading, the terms it puts in)])
        type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a [&'a str])]);
        let cases: &[Case] = &[
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
