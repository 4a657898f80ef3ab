/**
 * What operators watch: health (liveness, readiness with the database and the broker, and a separate {@code peers}
 * group per peer system) and Prometheus metrics named {@code bridge.*} (cases by state, queue depths, delivery
 * latency, retries, dead letters, parked and dead records, the outbox lag, open, overdue, due-soon and provisional
 * clocks by 市（州）, peers up) beside Camel's route metrics. The Grafana dashboard and the alert rules built on them
 * are files in {@code docs/ops/}.
 */
package cn.gov.sc.rst.filingbridge.observability;
