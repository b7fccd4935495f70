//! The progress bar of the writing pass: items done, items per second, time left. Drawn on
//! stderr only when it is a terminal, so scripts and tests see just the report.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar over the articles, pages and comments the validating pass counted.
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar for `total` items.
    pub fn new(total: u64) -> Progress {
        Progress::drawn_on(total, ProgressDrawTarget::stderr())
    }

    fn drawn_on(total: u64, target: ProgressDrawTarget) -> Progress {
        let bar = ProgressBar::with_draw_target(Some(total), target);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_shows_items_done_the_rate_and_the_time_left() {
        let term = indicatif::InMemoryTerm::new(2, 120);
        let target = ProgressDrawTarget::term_like_with_hz(Box::new(term.clone()), 200);
        let progress = Progress::drawn_on(12_000, target);
        std::thread::sleep(std::time::Duration::from_millis(20));
        progress.set(3_000);
        let shown = term.contents();
        assert!(shown.contains("3,000/12,000 items"), "{shown}");
        assert!(shown.contains("/s"), "items per second: {shown}");
        assert!(shown.ends_with("left"), "time left: {shown}");
        progress.finish();
        assert_eq!(term.contents().trim(), "", "the bar leaves the screen");
    }
}
