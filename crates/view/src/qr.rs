//! The QR code of the current view (扫一扫在手机打开) as horizontal runs of dark modules, one SVG
//! `<rect>` each, so a typical code is a few hundred nodes. `qrcodegen` (MIT, no dependencies) does the
//! encoding, at level M.

use qrcodegen::{QrCode, QrCodeEcc};

/// A horizontal run of dark modules: (x, y, width), in module units.
pub type Run = (i32, i32, i32);

/// The code's size in modules and its dark runs; `None` if the text is too long for any QR code.
pub fn dark_runs(text: &str) -> Option<(i32, Vec<Run>)> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    let mut runs = Vec::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if qr.get_module(x, y) {
                let start = x;
                while x < n && qr.get_module(x, y) {
                    x += 1;
                }
                runs.push((start, y, x - start));
            } else {
                x += 1;
            }
        }
    }
    Some((n, runs))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The modules the runs paint, as a grid.
    fn painted(n: i32, runs: &[Run]) -> Vec<Vec<bool>> {
        let mut grid = vec![vec![false; n as usize]; n as usize];
        for &(x, y, w) in runs {
            for dx in 0..w {
                assert!(!grid[y as usize][(x + dx) as usize], "runs overlap at ({}, {y})", x + dx);
                grid[y as usize][(x + dx) as usize] = true;
            }
        }
        grid
    }

    #[test]
    fn the_runs_paint_exactly_the_dark_modules() {
        let long = format!("https://example.org/gongkai/?place=430121001&domain=20&q={}", "低保".repeat(40));
        // (text, size in modules: version × 4 + 17)
        let cases = [("a", 21), ("https://example.org/gongkai/?place=430121001", 33), (long.as_str(), 69)];
        for (text, size) in cases {
            let (n, runs) = dark_runs(text).unwrap();
            assert_eq!(n, size, "{text}");
            let qr = QrCode::encode_text(text, QrCodeEcc::Medium).unwrap();
            let want: Vec<Vec<bool>> = (0..n).map(|y| (0..n).map(|x| qr.get_module(x, y)).collect()).collect();
            assert_eq!(painted(n, &runs), want, "{text}");
            // Maximal runs: two never touch on one row.
            for w in runs.windows(2) {
                let ((x0, y0, w0), (x1, y1, _)) = (w[0], w[1]);
                assert!(y0 != y1 || x0 + w0 < x1, "{:?} and {:?} should be one run", w[0], w[1]);
            }
            // Every code has its three finder patterns: a row of 7 dark modules at the top left.
            assert_eq!(runs[0], (0, 0, 7), "{text}");
        }
    }

    #[test]
    fn text_too_long_for_a_qr_code_gives_none() {
        assert_eq!(dark_runs(&"字".repeat(2000)), None);
    }
}
