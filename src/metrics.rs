//! Operator metrics: the [`Metrics`] actor owns every cumulative counter
//! since start-up. Other parts report with `do_send` (fire and forget, so
//! counting never delays a request) and `/internal/metrics` reads a copy
//! with [`GetMetrics`]. HTTP workers report request counts in batches (see
//! `http::metrics`), so those counts can be up to a flush interval old.
//!
//! Counters reset on restart, as Prometheus counters do.

pub mod histogram;
pub mod prometheus;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use actix::{Actor, Context, Handler, Message, MessageResult};
use serde::Serialize;

use histogram::{Histogram, HistogramReport};

/// Route groups that requests are counted by, from the path prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RouteGroup {
    /// Catalog reads and health under `/api/v1`.
    Catalog,
    /// Advisory and path queries.
    Query,
    /// Saved plans.
    Plans,
    /// `/internal/…`.
    Internal,
    /// The web app's files.
    Assets,
}

impl RouteGroup {
    /// Every group, in report order.
    pub const ALL: [RouteGroup; 5] = [RouteGroup::Catalog, RouteGroup::Query, RouteGroup::Plans, RouteGroup::Internal, RouteGroup::Assets];

    /// The group's label in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteGroup::Catalog => "catalog",
            RouteGroup::Query => "query",
            RouteGroup::Plans => "plans",
            RouteGroup::Internal => "internal",
            RouteGroup::Assets => "assets",
        }
    }

    /// The group of a request path.
    pub fn of_path(path: &str) -> RouteGroup {
        let under = |prefix: &str| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if under("/api/v1/plans") {
            RouteGroup::Plans
        } else if under("/api/v1/advisory") || under("/api/v1/paths") || under("/api/v1/query") {
            RouteGroup::Query
        } else if under("/internal") {
            RouteGroup::Internal
        } else if under("/api") {
            RouteGroup::Catalog
        } else {
            RouteGroup::Assets
        }
    }
}

/// Status classes that requests are counted by.
pub const STATUS_CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// The owner of every counter.
#[derive(Debug)]
pub struct Metrics {
    /// When the actor started, for `uptime_seconds`.
    started: Instant,
    /// Requests by route group and status class.
    requests: BTreeMap<RouteGroup, [u64; STATUS_CLASSES.len()]>,
    /// Rate-limit rejections by route group.
    rate_limited: BTreeMap<RouteGroup, u64>,
    /// Committed state writes.
    writes: u64,
    /// State writes that failed (SQLite errors and panics).
    write_failures: u64,
    /// Writer panics caught.
    writer_panics: u64,
    /// Time from commit start to commit end of each write.
    write_latency: Histogram,
    /// Time a write waited in the writer's queue.
    write_queue_delay: Histogram,
    /// Snapshots written.
    snapshots: u64,
    /// Snapshots that failed.
    vacuum_failures: u64,
    /// Snapshot ticks skipped because the previous snapshot still ran.
    snapshot_ticks_skipped: u64,
    /// Unix time of the newest snapshot written by this process, 0 before the first.
    last_snapshot_unix: i64,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics {
            started: Instant::now(),
            requests: RouteGroup::ALL.iter().map(|group| (*group, [0; STATUS_CLASSES.len()])).collect(),
            rate_limited: RouteGroup::ALL.iter().map(|group| (*group, 0)).collect(),
            writes: 0,
            write_failures: 0,
            writer_panics: 0,
            write_latency: Histogram::default(),
            write_queue_delay: Histogram::default(),
            snapshots: 0,
            vacuum_failures: 0,
            snapshot_ticks_skipped: 0,
            last_snapshot_unix: 0,
        }
    }
}

impl Actor for Metrics {
    type Context = Context<Self>;
}

/// Completed HTTP requests by route group and status class, counted on one
/// HTTP worker since its last report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RequestCounts([[u64; STATUS_CLASSES.len()]; RouteGroup::ALL.len()]);

impl RequestCounts {
    /// Counts one request that ended with `status`.
    pub fn add(&mut self, group: RouteGroup, status: u16) {
        let class = usize::from((status / 100).clamp(1, 5)) - 1;
        self.0[group as usize][class] += 1;
    }

    /// Returns `true` when no request has been counted.
    pub fn is_empty(&self) -> bool {
        self.0.iter().flatten().all(|&count| count == 0)
    }
}

/// A batch of completed HTTP requests.
#[derive(Message)]
#[rtype(result = "()")]
pub struct RecordRequests(pub RequestCounts);

/// One request rejected by a rate limit.
#[derive(Message)]
#[rtype(result = "()")]
pub struct RecordRateLimited {
    /// Route group of the limit.
    pub group: RouteGroup,
}

/// One state write, committed or failed.
#[derive(Message)]
#[rtype(result = "()")]
pub struct RecordWrite {
    /// `true` when the transaction committed.
    pub committed: bool,
    /// `true` when the write panicked.
    pub panicked: bool,
    /// Time spent running and committing the transaction.
    pub latency: Duration,
    /// Time the message waited in the writer's queue.
    pub queue_delay: Duration,
}

/// One snapshot attempt or skipped tick.
#[derive(Message)]
#[rtype(result = "()")]
pub enum RecordSnapshot {
    /// A snapshot was written; the Unix time it finished.
    Written {
        /// Unix seconds.
        finished_unix: i64,
    },
    /// `VACUUM INTO` or a file step failed.
    Failed,
    /// A tick came while the previous snapshot still ran.
    Skipped,
}

/// Reads a copy of every counter.
#[derive(Message)]
#[rtype(result = "MetricsReport")]
pub struct GetMetrics;

/// Every counter at one moment, as `/internal/metrics` returns it.
#[derive(Debug, Clone, Serialize)]
pub struct MetricsReport {
    /// When the copy was taken, Unix seconds.
    pub timestamp_unix: i64,
    /// Seconds since the server started.
    pub uptime_seconds: u64,
    /// Committed state writes.
    pub statestore_writes_total: u64,
    /// Failed state writes.
    pub statestore_write_failures_total: u64,
    /// Writer panics caught.
    pub statestore_writer_panics_total: u64,
    /// Failed snapshots.
    pub statestore_vacuum_failures_total: u64,
    /// Snapshots written.
    pub statestore_snapshots_total: u64,
    /// Snapshot ticks skipped while a snapshot ran.
    pub statestore_snapshot_ticks_skipped_total: u64,
    /// Unix time of the newest snapshot, 0 before the first.
    pub statestore_last_snapshot_unix: i64,
    /// Write latency.
    pub statestore_write_latency_seconds: HistogramReport,
    /// Time writes waited in the writer's queue.
    pub statestore_write_queue_delay_seconds: HistogramReport,
    /// Requests by route group, then status class.
    pub http_requests_total: BTreeMap<&'static str, BTreeMap<&'static str, u64>>,
    /// Rate-limit rejections by route group.
    pub rate_limited_total: BTreeMap<&'static str, u64>,
}

impl Handler<RecordRequests> for Metrics {
    type Result = ();

    fn handle(&mut self, RecordRequests(counts): RecordRequests, _: &mut Context<Self>) {
        for (group, classes) in RouteGroup::ALL.into_iter().zip(counts.0) {
            if classes.iter().any(|&count| count > 0) {
                let totals = self.requests.entry(group).or_default();
                for (total, count) in totals.iter_mut().zip(classes) {
                    *total += count;
                }
            }
        }
    }
}

impl Handler<RecordRateLimited> for Metrics {
    type Result = ();

    fn handle(&mut self, record: RecordRateLimited, _: &mut Context<Self>) {
        *self.rate_limited.entry(record.group).or_default() += 1;
    }
}

impl Handler<RecordWrite> for Metrics {
    type Result = ();

    fn handle(&mut self, record: RecordWrite, _: &mut Context<Self>) {
        if record.committed {
            self.writes += 1;
        } else {
            self.write_failures += 1;
        }
        if record.panicked {
            self.writer_panics += 1;
        }
        self.write_latency.observe(record.latency);
        self.write_queue_delay.observe(record.queue_delay);
    }
}

impl Handler<RecordSnapshot> for Metrics {
    type Result = ();

    fn handle(&mut self, record: RecordSnapshot, _: &mut Context<Self>) {
        match record {
            RecordSnapshot::Written { finished_unix } => {
                self.snapshots += 1;
                self.last_snapshot_unix = finished_unix;
            }
            RecordSnapshot::Failed => self.vacuum_failures += 1,
            RecordSnapshot::Skipped => self.snapshot_ticks_skipped += 1,
        }
    }
}

impl Handler<GetMetrics> for Metrics {
    type Result = MessageResult<GetMetrics>;

    fn handle(&mut self, _: GetMetrics, _: &mut Context<Self>) -> Self::Result {
        let http_requests_total = self
            .requests
            .iter()
            .map(|(group, counts)| (group.as_str(), STATUS_CLASSES.iter().copied().zip(counts.iter().copied()).collect()))
            .collect();
        MessageResult(MetricsReport {
            timestamp_unix: chrono::Utc::now().timestamp(),
            uptime_seconds: self.started.elapsed().as_secs(),
            statestore_writes_total: self.writes,
            statestore_write_failures_total: self.write_failures,
            statestore_writer_panics_total: self.writer_panics,
            statestore_vacuum_failures_total: self.vacuum_failures,
            statestore_snapshots_total: self.snapshots,
            statestore_snapshot_ticks_skipped_total: self.snapshot_ticks_skipped,
            statestore_last_snapshot_unix: self.last_snapshot_unix,
            statestore_write_latency_seconds: self.write_latency.report(),
            statestore_write_queue_delay_seconds: self.write_queue_delay.report(),
            http_requests_total,
            rate_limited_total: self.rate_limited.iter().map(|(group, count)| (group.as_str(), *count)).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_groups() {
        assert_eq!(RouteGroup::of_path("/api/v1/plans"), RouteGroup::Plans);
        assert_eq!(RouteGroup::of_path("/api/v1/plans/abc"), RouteGroup::Plans);
        assert_eq!(RouteGroup::of_path("/api/v1/plansx"), RouteGroup::Catalog);
        assert_eq!(RouteGroup::of_path("/api/v1/courses/CS246"), RouteGroup::Catalog);
        assert_eq!(RouteGroup::of_path("/api/v1/advisory"), RouteGroup::Query);
        assert_eq!(RouteGroup::of_path("/internal/metrics"), RouteGroup::Internal);
        assert_eq!(RouteGroup::of_path("/courses/CS246"), RouteGroup::Assets);
    }

    #[test]
    fn request_counts_by_group_and_class() {
        for (position, group) in RouteGroup::ALL.into_iter().enumerate() {
            let mut counts = RequestCounts::default();
            counts.add(group, 503);
            let mut expected = RequestCounts::default();
            expected.0[position][4] = 1;
            assert_eq!(counts, expected, "{group:?}");
        }
    }

    #[actix::test]
    async fn counters_accumulate() {
        let metrics = Metrics::default().start();
        let mut counts = RequestCounts::default();
        counts.add(RouteGroup::Plans, 201);
        counts.add(RouteGroup::Plans, 429);
        metrics.do_send(RecordRequests(counts.clone()));
        metrics.do_send(RecordRequests(counts));
        metrics.do_send(RecordRateLimited { group: RouteGroup::Plans });
        metrics.do_send(RecordSnapshot::Failed);
        let report = metrics.send(GetMetrics).await.unwrap();
        assert_eq!(report.http_requests_total["plans"]["2xx"], 2);
        assert_eq!(report.http_requests_total["plans"]["4xx"], 2);
        assert_eq!(report.rate_limited_total["plans"], 1);
        assert_eq!(report.statestore_vacuum_failures_total, 1);
    }
}
