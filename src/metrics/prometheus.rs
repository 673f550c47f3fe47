//! The Prometheus text exposition format (version 0.0.4) of a [`MetricsReport`].

use std::fmt::Write;

use super::histogram::HistogramReport;
use super::MetricsReport;

/// `Content-Type` of the text format.
pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Renders every metric with its `# HELP` and `# TYPE` lines.
pub fn render(report: &MetricsReport) -> String {
    let mut out = String::new();
    let counters: [(&str, &str, u64); 6] = [
        ("statestore_writes_total", "State writes committed.", report.statestore_writes_total),
        ("statestore_write_failures_total", "State writes that failed.", report.statestore_write_failures_total),
        ("statestore_writer_panics_total", "Writer panics caught.", report.statestore_writer_panics_total),
        ("statestore_vacuum_failures_total", "Snapshots (VACUUM INTO) that failed.", report.statestore_vacuum_failures_total),
        ("statestore_snapshots_total", "Snapshots written.", report.statestore_snapshots_total),
        (
            "statestore_snapshot_ticks_skipped_total",
            "Snapshot ticks skipped while the previous snapshot ran.",
            report.statestore_snapshot_ticks_skipped_total,
        ),
    ];
    for (name, help, value) in counters {
        header(&mut out, name, help, "counter");
        let _ = writeln!(out, "{name} {value}");
    }

    header(&mut out, "statestore_last_snapshot_unix", "Unix time of the newest snapshot, 0 before the first.", "gauge");
    let _ = writeln!(out, "statestore_last_snapshot_unix {}", report.statestore_last_snapshot_unix);
    header(&mut out, "uptime_seconds", "Seconds since the server started.", "gauge");
    let _ = writeln!(out, "uptime_seconds {}", report.uptime_seconds);

    header(&mut out, "http_requests_total", "HTTP requests by route group and status class.", "counter");
    for (group, classes) in &report.http_requests_total {
        for (class, count) in classes {
            let _ = writeln!(out, "http_requests_total{{group=\"{group}\",status_class=\"{class}\"}} {count}");
        }
    }
    header(&mut out, "rate_limited_total", "Requests rejected by a rate limit, by route group.", "counter");
    for (group, count) in &report.rate_limited_total {
        let _ = writeln!(out, "rate_limited_total{{group=\"{group}\"}} {count}");
    }

    histogram(&mut out, "statestore_write_latency_seconds", "Time to run and commit one state write.", &report.statestore_write_latency_seconds);
    histogram(
        &mut out,
        "statestore_write_queue_delay_seconds",
        "Time a state write waited in the writer's queue.",
        &report.statestore_write_queue_delay_seconds,
    );
    out
}

fn header(out: &mut String, name: &str, help: &str, kind: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

fn histogram(out: &mut String, name: &str, help: &str, report: &HistogramReport) {
    header(out, name, help, "histogram");
    for bucket in &report.buckets {
        let le = bucket.le.map_or_else(|| "+Inf".to_string(), |bound| bound.to_string());
        let _ = writeln!(out, "{name}_bucket{{le=\"{le}\"}} {}", bucket.count);
    }
    let _ = writeln!(out, "{name}_sum {}", report.sum_seconds);
    let _ = writeln!(out, "{name}_count {}", report.count);
}

#[cfg(test)]
mod tests {
    use super::super::{GetMetrics, Metrics, RecordWrite};
    use super::*;
    use actix::Actor;
    use std::time::Duration;

    #[actix::test]
    async fn text_has_types_and_buckets() {
        let metrics = Metrics::default().start();
        metrics.do_send(RecordWrite { committed: true, panicked: false, latency: Duration::from_millis(2), queue_delay: Duration::ZERO });
        let text = render(&metrics.send(GetMetrics).await.unwrap());
        assert!(text.contains("# TYPE statestore_writes_total counter\nstatestore_writes_total 1\n"), "{text}");
        assert!(text.contains("statestore_write_latency_seconds_bucket{le=\"0.0025\"} 1\n"), "{text}");
        assert!(text.contains("statestore_write_latency_seconds_bucket{le=\"+Inf\"} 1\n"), "{text}");
        assert!(text.contains("http_requests_total{group=\"plans\",status_class=\"2xx\"} 0\n"), "{text}");
    }
}
