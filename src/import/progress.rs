//! The progress bar of the writing pass: items done, items per second, time left. Drawn on
//! stderr only when it is a terminal, so scripts and tests see just the report.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar over the articles, pages and comments the validating pass counted.
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar for `total` items.
    pub fn new(total: u64) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:30} {human_pos}/{human_len} items · {per_sec} · {eta} left",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Progress(bar)
    }

    /// Moves the bar to `done` items.
    pub fn set(&self, done: u64) {
        self.0.set_position(done);
    }

    /// Takes the bar off the screen.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
