//! Progress of a long build on a terminal: indicatif bars on stderr, drawn only when stderr is a
//! terminal (a CI log or a pipe gets nothing but the diagnostics and the summary line). With
//! `build --timings`, each step also prints its wall-clock time when it ends (and, on Linux, the CPU
//! time the process spent in it: on two cores, what more threads could still gain), so a maintainer
//! sees where a national build spends its minutes.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::cell::Cell;
use std::time::{Duration, Instant};

/// Where progress goes: bars on stderr, or nowhere; and whether each step's time is printed.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    shown: bool,
    timed: bool,
}

impl Progress {
    /// Bars on stderr when it is a terminal, else none.
    pub fn on_terminal() -> Progress {
        Progress { shown: std::io::stderr().is_terminal(), timed: false }
    }

    /// No progress at all (library use, tests).
    pub fn hidden() -> Progress {
        Progress::default()
    }

    /// The same, also printing each step's wall-clock time on stderr when it ends.
    pub fn timed(self) -> Progress {
        Progress { timed: true, ..self }
    }

    fn step(&self, message: &'static str, bar: Option<ProgressBar>) -> Step {
        Step { bar, timing: self.timed.then(|| (message, Cell::new(Some((Instant::now(), cpu_seconds()))))) }
    }

    /// A bar of `len` steps with a message.
    pub fn bar(&self, message: &'static str, len: u64) -> Step {
        if !self.shown {
            return self.step(message, None);
        }
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {human_pos}/{human_len} ({elapsed})")
                .expect("a valid template")
                .progress_chars("=> "),
        );
        bar.set_message(message);
        self.step(message, Some(bar))
    }

    /// A spinner for a step whose length is not known.
    pub fn spinner(&self, message: &'static str) -> Step {
        if !self.shown {
            return self.step(message, None);
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg} ({elapsed})").expect("a valid template"));
        bar.set_message(message);
        bar.enable_steady_tick(Duration::from_millis(200));
        self.step(message, Some(bar))
    }
}

/// One step being shown (or not), and timed (or not).
#[derive(Debug)]
pub struct Step {
    bar: Option<ProgressBar>,
    /// The step's message and when it started, until its time is printed.
    timing: Option<(&'static str, Cell<Option<Started>>)>,
}

impl Step {
    /// A step shown nowhere and not timed.
    pub fn none() -> Step {
        Step { bar: None, timing: None }
    }

    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Removes the bar (the build's output stays its diagnostics and one summary line), and prints
    /// the step's time once when timed.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
        if let Some((message, start)) = &self.timing {
            if let Some((start, cpu)) = start.take() {
                let wall = start.elapsed().as_secs_f64();
                match cpu.zip(cpu_seconds()) {
                    Some((from, to)) => eprintln!("用时 time: {message}: {wall:.1} s (CPU {:.1} s)", to - from),
                    None => eprintln!("用时 time: {message}: {wall:.1} s"),
                }
            }
        }
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        self.finish();
    }
}

/// When a timed step started: the clock, and the process's CPU time then ([`cpu_seconds`]).
type Started = (Instant, Option<f64>);

/// The CPU time (user and system, every thread) this process has used, from /proc/self/stat; None
/// where there is no such file.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
    // utime and stime are the 14th and 15th fields of the line, the 12th and 13th after it.
    let mut after = stat.rsplit_once(')')?.1.split_whitespace();
    let utime: f64 = after.nth(11)?.parse().ok()?;
    let stime: f64 = after.next()?.parse().ok()?;
    // Clock ticks: 100 a second on every Linux this runs on (USER_HZ).
    Some((utime + stime) / 100.0)
}
