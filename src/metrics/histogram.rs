//! A fixed-bucket latency histogram, cheap enough to update on every write.

use std::time::Duration;

use serde::Serialize;

/// Upper bounds of the buckets, in seconds; a last `+Inf` bucket is implied.
pub const BUCKET_BOUNDS_SECONDS: [f64; 13] =
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0];

/// Observation counts per bucket, with their sum.
#[derive(Debug, Clone, Default)]
pub struct Histogram {
    /// Observations per bucket (not cumulative); the last entry is `+Inf`.
    counts: [u64; BUCKET_BOUNDS_SECONDS.len() + 1],
    /// Sum of every observation, in seconds.
    sum_seconds: f64,
    /// Number of observations.
    count: u64,
}

/// One cumulative bucket as reported: observations at or below `le` seconds.
#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    /// Upper bound in seconds; `None` is `+Inf`.
    pub le: Option<f64>,
    /// Observations at or below `le`.
    pub count: u64,
}

/// A histogram as `/internal/metrics` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct HistogramReport {
    /// Cumulative buckets, `+Inf` last.
    pub buckets: Vec<Bucket>,
    /// Sum of every observation, in seconds.
    pub sum_seconds: f64,
    /// Number of observations.
    pub count: u64,
    /// Upper bound of the bucket holding the 99th percentile, in seconds;
    /// an estimate no finer than the buckets, `None` before any observation
    /// or when it falls in `+Inf`.
    pub p99_upper_bound_seconds: Option<f64>,
}

impl Histogram {
    /// Adds one observation.
    pub fn observe(&mut self, value: Duration) {
        let seconds = value.as_secs_f64();
        let bucket = BUCKET_BOUNDS_SECONDS.iter().position(|&bound| seconds <= bound).unwrap_or(BUCKET_BOUNDS_SECONDS.len());
        self.counts[bucket] += 1;
        self.sum_seconds += seconds;
        self.count += 1;
    }

    /// The cumulative view with a p99 estimate.
    pub fn report(&self) -> HistogramReport {
        let mut cumulative = 0;
        let mut buckets = Vec::with_capacity(self.counts.len());
        for (index, count) in self.counts.iter().enumerate() {
            cumulative += count;
            buckets.push(Bucket { le: BUCKET_BOUNDS_SECONDS.get(index).copied(), count: cumulative });
        }
        let p99_rank = (self.count as f64 * 0.99).ceil() as u64;
        let p99_upper_bound_seconds =
            if self.count == 0 { None } else { buckets.iter().find(|bucket| bucket.count >= p99_rank).and_then(|bucket| bucket.le) };
        HistogramReport { buckets, sum_seconds: self.sum_seconds, count: self.count, p99_upper_bound_seconds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_is_cumulative_with_p99() {
        let mut histogram = Histogram::default();
        for _ in 0..99 {
            histogram.observe(Duration::from_micros(300));
        }
        histogram.observe(Duration::from_millis(40));
        let report = histogram.report();
        assert_eq!(report.count, 100);
        assert_eq!(report.buckets[0].count, 99);
        assert_eq!(report.buckets.last().unwrap().count, 100);
        assert_eq!(report.p99_upper_bound_seconds, Some(0.0005));

        histogram.observe(Duration::from_millis(40));
        assert_eq!(histogram.report().p99_upper_bound_seconds, Some(0.05));
    }

    #[test]
    fn empty_histogram_has_no_p99() {
        assert_eq!(Histogram::default().report().p99_upper_bound_seconds, None);
    }
}
