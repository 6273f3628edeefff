//! Progress of a long build on a terminal: indicatif bars on stderr, drawn only when stderr is a
//! terminal (a CI log or a pipe gets nothing but the diagnostics and the summary line).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// Where progress goes: bars on stderr, or nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    shown: bool,
}

impl Progress {
    /// Bars on stderr when it is a terminal, else none.
    pub fn on_terminal() -> Progress {
        Progress { shown: std::io::stderr().is_terminal() }
    }

    /// No progress at all (library use, tests).
    pub fn hidden() -> Progress {
        Progress { shown: false }
    }

    /// A bar of `len` steps with a message.
    pub fn bar(&self, message: &'static str, len: u64) -> Step {
        if !self.shown {
            return Step(None);
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} ({elapsed})")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message(message);
        Step(Some(bar))
    }

    /// A spinner for a step whose length is not known.
    pub fn spinner(&self, message: &'static str) -> Step {
        if !self.shown {
            return Step(None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"));
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(200));
        Step(Some(bar))
    }
}

/// One step being shown (or not).
#[derive(Debug)]
pub struct Step(Option<ProgressBar>);

impl Step {
    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.0 {
            b.inc(n);
        }
    }

    /// Removes the bar: the build's output stays its diagnostics and one summary line.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        self.finish();
    }
}
