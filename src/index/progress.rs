//! Progress of long build steps: an `indicatif` bar when standard error is a
//! terminal, otherwise an `info` log line at the start, every tenth and the end.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressStyle};

/// Progress of one step over a known number of items.
pub struct StepProgress {
    /// Step name for log lines.
    step: &'static str,
    /// The bar, when drawing one.
    bar: Option<ProgressBar>,
    /// Items in the step.
    total: u64,
    /// Items done.
    done: u64,
}

impl StepProgress {
    /// Starts a step of `total` items.
    pub fn start(step: &'static str, total: u64) -> StepProgress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total);
            let style = ProgressStyle::with_template("{msg:>10} [{bar:40}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_message(step);
            bar
        });
        if bar.is_none() {
            log::info!("step={step} status=started items={total}");
        }
        StepProgress { step, bar, total, done: 0 }
    }

    /// Records one finished item.
    pub fn tick(&mut self) {
        self.done += 1;
        match &self.bar {
            Some(bar) => bar.inc(1),
            None => {
                let tenth = (self.total / 10).max(1);
                if self.done.is_multiple_of(tenth) && self.done < self.total {
                    log::info!("step={} done={} items={}", self.step, self.done, self.total);
                }
            }
        }
    }

    /// Ends the step.
    pub fn finish(self) {
        match self.bar {
            Some(bar) => bar.finish_and_clear(),
            None => log::info!("step={} status=finished items={}", self.step, self.done),
        }
    }
}
