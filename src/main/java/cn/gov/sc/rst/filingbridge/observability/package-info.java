/**
 * What operators watch: health (liveness, readiness with the database and the broker, and a separate {@code peers}
 * group per peer system) and Prometheus metrics named {@code bridge.*} (cases by state, queue depths, delivery
 * latency, retries, dead letters, overdue clocks) beside Camel's route metrics.
 */
package cn.gov.sc.rst.filingbridge.observability;
