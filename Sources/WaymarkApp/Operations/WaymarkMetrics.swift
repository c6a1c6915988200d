import Foundation
import Metrics
import Prometheus

/// What `/metrics` reports, in the Prometheus text format. One registry for the process: the
/// counters and histograms here are written as requests, writes, imports and reminders happen;
/// the gauges that describe the database (sessions, reminders waiting, the last backup) are read
/// when Prometheus asks (`MetricsEndpoint`). `waymark serve` also points swift-metrics at this
/// registry, so what Vapor and the drivers report joins it.
enum WaymarkMetrics {
    static let registry = PrometheusCollectorRegistry()

    /// Seconds, from a millisecond to ten: a page is tens of milliseconds, a Board pack's PDF seconds.
    static let secondsBuckets: [Duration] = [.milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                             .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10)]

    enum ImportKind: String { case plan, kpis }

    private static let bootstrapped: Void = MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

    /// Points swift-metrics at the registry, once a process (bootstrapping twice is a fault).
    static func bootstrapOnce() { _ = bootstrapped }

    private static func name(_ subsystem: String, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "waymark", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
    }

    static var requests: MetricNameDescriptor { name("http", "requests", "total", "Requests answered, by route pattern, method and status class") }
    static var requestSeconds: MetricNameDescriptor { name("http", "request_duration", "seconds", "Time to answer a request, by route pattern and method") }
    static var writeSeconds: MetricNameDescriptor { name("db", "write_transaction", "seconds", "Time from a write's first attempt to its commit or refusal, by outcome") }
    static var pingSeconds: MetricNameDescriptor { name("db", "ping", "seconds", "Time the database took to answer SELECT 1 when metrics were read") }
    static var databaseUp: MetricNameDescriptor { name("db", "up", "", "1 when the database answered when metrics were read, else 0") }
    static var sessions: MetricNameDescriptor { name("sessions", "active", "", "Sessions stored: people signed in, or waiting for their second step") }
    static var imports: MetricNameDescriptor { name("imports", "completed", "total", "Imports written, by kind (plan or kpis)") }
    static var importRows: MetricNameDescriptor { name("imports", "rows", "total", "Rows of imported files written, by kind: milestones for plans, KPI values for KPIs") }
    static var remindersSent: MetricNameDescriptor { name("reminders", "sent", "total", "Reminders handed to the mail server") }
    static var remindersWaiting: MetricNameDescriptor { name("reminders", "waiting", "", "Reminders written and not yet sent (no mail server, no address, or failed)") }
    static var backupAge: MetricNameDescriptor { name("backup", "age", "seconds", "Seconds since the last waymark backup finished; absent until there has been one") }

    static func request(route: String, method: String, status: UInt, took: Duration) {
        registry.makeCounter(descriptor: requests, labels: [("route", route), ("method", method), ("status_class", "\(status / 100)xx")]).increment()
        registry.makeDurationHistogram(descriptor: requestSeconds, labels: [("route", route), ("method", method)], buckets: secondsBuckets)
            .recordNanoseconds(took.nanoseconds)
    }

    /// A write's transaction, from the first attempt to commit (SQLite's retries included).
    static func writeTransaction(took: Duration, outcome: String) {
        registry.makeDurationHistogram(descriptor: writeSeconds, labels: [("outcome", outcome)], buckets: secondsBuckets).recordNanoseconds(took.nanoseconds)
    }

    static func imported(_ kind: ImportKind, rows: Int) {
        registry.makeCounter(descriptor: imports, labels: [("kind", kind.rawValue)]).increment()
        registry.makeCounter(descriptor: importRows, labels: [("kind", kind.rawValue)]).increment(by: Int64(rows))
    }

    static func sentReminders(_ count: Int) {
        registry.makeCounter(descriptor: remindersSent, labels: []).increment(by: Int64(count))
    }

    static func set(_ descriptor: MetricNameDescriptor, _ value: Double) {
        registry.makeGauge(descriptor: descriptor, labels: []).set(value)
    }

    /// The registry as Prometheus's text format.
    static func text() -> [UInt8] {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16_384)
        registry.emit(into: &buffer)
        return buffer
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
