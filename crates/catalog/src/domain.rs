//! The 26 policy domains of the national standard guidelines (国办发〔2019〕54号), with the names local
//! catalogs use for them (the 2017 pilot names among them).

use serde::Serialize;

/// One of the 26 domains. `id` is its number in the national list (1–26) and is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Domain {
    pub id: u8,
    /// The 2019 name, used for display.
    pub name: &'static str,
    /// Other names a catalog may use for the same domain (2017 pilot names, common variants).
    pub aliases: &'static [&'static str],
    /// The issuing ministry and document of the domain's guideline, where confirmed.
    pub guideline: &'static str,
}

macro_rules! d {
    ($id:expr, $name:expr, [$($alias:expr),*], $g:expr) => {
        Domain { id: $id, name: $name, aliases: &[$($alias),*], guideline: $g }
    };
}

/// The national list, in its official order.
pub const DOMAINS: [Domain; 26] = [
    d!(1, "城乡规划", ["国土空间规划"], ""),
    d!(2, "重大建设项目", [], "发改委 发改办投资〔2019〕621号"),
    d!(3, "公共资源交易", [], "发改委 发改办法规〔2019〕752号"),
    d!(4, "财政预决算", [], ""),
    d!(5, "安全生产", [], "应急管理部 应急厅函〔2019〕390号"),
    d!(6, "救灾", [], "应急管理部 应急厅函〔2019〕390号"),
    d!(7, "税收管理", [], ""),
    d!(8, "农村集体土地征收", ["征地补偿"], ""),
    d!(9, "国有土地上房屋征收与补偿", ["拆迁安置"], ""),
    d!(10, "保障性住房", [], ""),
    d!(11, "农村危房改造", [], ""),
    d!(12, "市政服务", [], ""),
    d!(13, "城市综合执法", [], ""),
    d!(14, "生态环境", ["环境保护"], "生态环境部 环办厅函〔2019〕672号"),
    d!(15, "公共文化服务", [], ""),
    d!(16, "公共法律服务", [], "司法部"),
    d!(17, "扶贫", [], ""),
    d!(18, "就业", ["就业创业"], "人社部 人社厅函〔2019〕113号"),
    d!(19, "社会保险", [], "人社部 人社厅函〔2019〕113号"),
    d!(20, "社会救助", [], "民政部 民办函〔2019〕52号"),
    d!(21, "养老服务", [], "民政部 民办函〔2019〕52号"),
    d!(22, "户籍管理", [], "公安部 公治安〔2019〕158号"),
    d!(23, "涉农补贴", [], ""),
    d!(24, "卫生健康", ["医疗卫生"], "国家卫生健康委 国卫办政务函〔2019〕698号"),
    d!(25, "食品药品监管", [], ""),
    d!(26, "义务教育", [], "教育部"),
];

impl Domain {
    /// The domain with this number, if it is one of the 26.
    pub fn by_id(id: u8) -> Option<&'static Domain> {
        DOMAINS.iter().find(|d| d.id == id)
    }

    /// The domain a name refers to, accepting the 2019 name, an alias, surrounding whitespace and a
    /// trailing 领域 (e.g. "社会救助领域").
    pub fn from_name(name: &str) -> Option<&'static Domain> {
        let n = name.trim();
        let n = n.strip_suffix("领域").unwrap_or(n).trim();
        DOMAINS.iter().find(|d| d.name == n || d.aliases.contains(&n))
    }

    /// The domain named somewhere inside a longer text, such as a title row
    /// ("XX县社会救助领域基层政务公开标准目录") or a file name. Longer names win, so "就业创业" is not
    /// read as "就业" and "国土空间规划" is found before anything shorter.
    pub fn find_in(text: &str) -> Option<&'static Domain> {
        let mut best: Option<(&'static Domain, usize)> = None;
        for d in DOMAINS.iter() {
            for n in std::iter::once(&d.name).chain(d.aliases.iter()) {
                if text.contains(n) && best.is_none_or(|(_, len)| n.len() > len) {
                    best = Some((d, n.len()));
                }
            }
        }
        best.map(|(d, _)| d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_the_2017_and_the_2019_name_of_a_renamed_domain_are_accepted() {
        assert_eq!(Domain::from_name("环境保护").unwrap().name, "生态环境");
        assert_eq!(Domain::from_name("生态环境").unwrap().id, 14);
        assert_eq!(Domain::from_name("就业创业领域").unwrap().name, "就业");
        assert_eq!(Domain::from_name(" 医疗卫生 ").unwrap().name, "卫生健康");
    }

    #[test]
    fn a_domain_is_found_inside_a_title_row_preferring_the_longest_name() {
        let d = Domain::find_in("长沙县就业创业领域基层政务公开标准目录").unwrap();
        assert_eq!(d.name, "就业");
        let d = Domain::find_in("国有土地上房屋征收与补偿领域").unwrap();
        assert_eq!(d.id, 9);
        assert!(Domain::find_in("目录说明").is_none());
    }

    #[test]
    fn ids_are_one_to_twenty_six_in_order() {
        for (i, d) in DOMAINS.iter().enumerate() {
            assert_eq!(d.id as usize, i + 1);
        }
    }
}
