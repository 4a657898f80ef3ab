package cn.gov.sc.rst.filingbridge.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and alert rules in {@code docs/ops/} without a gateway: they parse, the alerts the operators asked
 * for are there with a severity and a bilingual summary, the dashboard has the panels they asked for, and the metric
 * names the tests check against the gateway's scrape ({@link OperationsDashboardIT}) are read out of PromQL correctly.
 * {@code promtool check rules} (run by {@code .ci/run}) checks the PromQL itself.
 */
class OperationsFilesTest {

    @Test
    void metricNamesAreReadOutOfPromQl() {
        assertThat(OperationsFiles.metricNames(
                "histogram_quantile(0.95, sum by (le, target) (rate(bridge_delivery_latency_seconds_bucket[5m])))"))
                .containsExactly("bridge_delivery_latency_seconds_bucket");
        assertThat(OperationsFiles.metricNames(
                "min by (use, serial, subject) (bridge_signing_certificate_expiry_seconds) - time() < 30 * 86400"))
                .containsExactly("bridge_signing_certificate_expiry_seconds");
        assertThat(OperationsFiles.metricNames(
                "max by (queue) (bridge_queue_depth{queue=~\".+[.]DLQ|bridge[.]dead-letter\"}) > 0 "
                        + "or on (queue) up offset 5m unless bridge_peer_up == bool 0"))
                .containsExactly("bridge_peer_up", "bridge_queue_depth", "up");
        assertThat(OperationsFiles.metricNames("sum(rate(bridge_intake_accepted_total[$__rate_interval])) by (channel)"))
                .containsExactly("bridge_intake_accepted_total");
    }

    @Test
    void theAlertsAskedForAreThereWithSeverityAndSummary() {
        Map<String, Map<String, Object>> rules = OperationsFiles.alertRules();

        assertThat(rules).containsKeys("BridgePeerDown", "BridgeDeadLetters", "BridgeDeadlineDueWithinOneWorkingDay",
                "BridgeProvisionalDeadline", "BridgeOutboxLagging", "BridgeSigningCertificateExpiring");
        assertThat(rules.get("BridgePeerDown").get("for")).isEqualTo("5m");
        assertThat(String.valueOf(rules.get("BridgeOutboxLagging").get("expr"))).contains("> 60");
        assertThat(String.valueOf(rules.get("BridgeSigningCertificateExpiring").get("expr"))).contains("30 * 86400");
        rules.forEach((name, rule) -> {
            assertThat(rule.get("labels")).as(name).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey("severity");
            @SuppressWarnings("unchecked")
            Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
            // Chinese for the operators of the 人社 departments, English beside it, as every message of the gateway
            assertThat(String.valueOf(annotations.get("summary"))).as(name).containsPattern("\\p{IsHan}").contains(" / ");
            assertThat(OperationsFiles.metricNames(String.valueOf(rule.get("expr")))).as(name).isNotEmpty()
                    .allMatch(metric -> metric.startsWith("bridge_"));
        });
    }

    @Test
    void theDashboardShowsWhatOperatorsAskedFor() {
        JsonNode dashboard = OperationsFiles.dashboard();
        Map<String, java.util.List<String>> exprs = OperationsFiles.dashboardExprs();

        assertThat(dashboard.path("uid").asText()).isEqualTo("skills-filing-bridge");
        // importable: the data source is an input chosen at import, never a uid of someone's Grafana
        assertThat(dashboard.path("__inputs").get(0).path("name").asText()).isEqualTo("DS_PROMETHEUS");
        String all = String.join("\n", exprs.values().stream().flatMap(java.util.List::stream).toList());
        assertThat(all).contains("bridge_intake_accepted_total", "bridge_intake_refusals_total", "bridge_queue_depth",
                "bridge_delivery_latency_seconds_bucket", "bridge_deliveries_parked", "bridge_deliveries_dead",
                "bridge_clocks_open", "bridge_clocks_open_overdue", "bridge_peer_up");
        assertThat(exprs.keySet()).anyMatch(t -> t.contains("Refusals by rule"))
                .anyMatch(t -> t.contains("Delivery latency histogram"))
                .anyMatch(t -> t.contains("Overdue by 市（州）"))
                .anyMatch(t -> t.contains("Peer health"));
        for (JsonNode panel : dashboard.path("panels")) {
            int y = panel.path("gridPos").path("y").asInt(-1);
            assertThat(y).as(panel.path("title").asText() + " has a place on the grid").isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void theReadmeSaysWhereTheFilesAreAndHowToLoadThem() {
        String readme = OperationsFiles.read(Path.of("README.md"));

        assertThat(readme).contains(OperationsFiles.DASHBOARD.toString().replace('\\', '/'))
                .contains(OperationsFiles.ALERTS.toString().replace('\\', '/')).contains("rule_files")
                .contains("Dashboards → Import");
    }
}
