package cn.gov.sc.rst.filingbridge.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfFilter;

/**
 * The window's edge tried as an attacker would, over a raw socket so that every encoding reaches the server as sent:
 * no trick on the path, the query or the method yields a case or changes one. The authentication decision is made on
 * the path the servlet routes, so a trick either is refused by the firewall (400 problem+json) or meets the guard.
 */
class WindowPathTricksIT extends WindowTestSupport {

    private String sblsh;
    private RawHttp raw;

    @BeforeEach
    void aCaseExists() {
        raw = new RawHttp(port);
        sblsh = "SC-TRICK-" + UUID.randomUUID();
        submitAccepted(validCase(sblsh));
    }

    private void assertNoCase(String what, RawHttp.Response response) {
        assertThat(response.status()).as(what + " -> " + response).isNotEqualTo(200).isBetween(400, 499);
        // no case data: neither the receipt's nor the case view's fields (an error page may echo the path itself)
        assertThat(response.body()).as(what).doesNotContain("caseId").doesNotContain("history")
                .doesNotContain("\"state\"").doesNotContain("RECEIVED").doesNotContain("GetCaseResponse");
    }

    @Autowired
    private FilterChainProxy security;

    @Test
    void theWindowPassesThroughItsOwnShortSecurityChainAndEverythingElseThroughTheOperatorsOne() {
        for (String window : List.of("/api/window/v1/cases", "/api/window/v1/cases/SC-1", "/services/window")) {
            assertThat(security.getFilters(window)).as(window)
                    .noneMatch(f -> f instanceof BasicAuthenticationFilter || f instanceof CsrfFilter)
                    .anyMatch(f -> f instanceof AuthorizationFilter);
        }
        for (String other : List.of("/api/ops/cases", "/actuator/prometheus", "/api/windowx", "/servicesx")) {
            assertThat(security.getFilters(other)).as(other).anyMatch(f -> f instanceof BasicAuthenticationFilter);
        }
    }

    @Test
    void unsignedReadsOfACaseThroughPathTricksNeverYieldTheCase() {
        String s = sblsh;
        List<String> targets = List.of(
                "/api/window/v1/cases/" + s,
                "/api/%77indow/v1/cases/" + s,
                "/%61pi/window/v1/cases/" + s,
                "/api/window/v1/cases/%53" + s.substring(1),
                "/api/window/v1/cases%2F" + s,
                "/api/window%2Fv1/cases/" + s,
                "/api/window/v1/cases/" + s + "/",
                "/API/window/v1/cases/" + s,
                "/api/WINDOW/v1/cases/" + s,
                "/api/window/v1/cases/" + s + "?wsdl",
                "/api/window/v1/cases/" + s + "?WSDL",
                "/api/window/v1/cases/" + s + "?xsd=1",
                "/api/%77indow/v1/cases/" + s + "?wsdl",
                "/api/window/v1/openapi.yaml/../cases/" + s);
        for (String target : targets) {
            assertNoCase("GET " + target, raw.send("GET", target));
        }
    }

    @Test
    void firewallTricksAre400ProblemJsonNot401Or500() {
        String s = sblsh;
        List<String> targets = List.of(
                "//api/window/v1/cases/" + s,
                "/api//window/v1/cases/" + s,
                "/./api/window/v1/cases/" + s,
                "/api/./window/v1/cases/" + s,
                "/api/x/../window/v1/cases/" + s,
                "/api;x=1/window/v1/cases/" + s,
                "/api/window;x=1/v1/cases/" + s,
                "/api/window/v1/cases/" + s + ";x=1",
                "/api/window/v1/cases/%2E/" + s);
        for (String target : targets) {
            RawHttp.Response response = raw.send("GET", target);
            assertNoCase("GET " + target, response);
            assertThat(response.status()).as(target + " -> " + response).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(target).startsWith("application/problem+json");
        }
    }

    @Test
    void errorsAreProblemJsonAndDoNotEchoThePath() {
        RawHttp.Response denied = raw.send("GET", "/API/window/v1/cases/" + sblsh);
        assertThat(denied.status()).isBetween(400, 499);
        assertThat(denied.header("Content-Type")).startsWith("application/problem+json");
        assertThat(denied.body()).doesNotContain(sblsh);
        RawHttp.Response encodedPrefix = raw.send("POST", "/%73ervices/window");
        assertThat(encodedPrefix.status()).as(encodedPrefix.toString()).isEqualTo(400);
        assertThat(encodedPrefix.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void theOnlyPublicWindowReadsAreTheWsdlItsXsdAndTheOpenApiDocument() {
        assertThat(raw.send("GET", "/services/window?wsdl").status()).isEqualTo(200);
        assertThat(raw.send("GET", "/api/window/v1/openapi.yaml").status()).isEqualTo(200);
        // a case whose SBLSH ends like the contract is a case read, and needs a signature
        RawHttp.Response lookalike = raw.send("GET", "/api/window/v1/cases/openapi.yaml");
        assertThat(lookalike.status()).as(lookalike.toString()).isEqualTo(401);
        assertThat(lookalike.header("Content-Type")).startsWith("application/problem+json");
        RawHttp.Response wsdlOnRest = raw.send("GET", "/api/window/v1/cases?wsdl");
        assertThat(wsdlOnRest.status()).as(wsdlOnRest.toString()).isEqualTo(401);
    }

    @Test
    void headAndOptionsNeverYieldTheCase() {
        for (String method : List.of("HEAD", "OPTIONS")) {
            RawHttp.Response response = raw.send(method, "/api/window/v1/cases/" + sblsh);
            assertNoCase(method, response);
            assertThat(response.status()).as(method).isEqualTo(401);
            assertNoCase(method + " ?wsdl", raw.send(method, "/api/window/v1/cases/" + sblsh + "?wsdl"));
        }
        assertThat(raw.send("OPTIONS", "/services/window").status()).isEqualTo(401);
    }

    @Test
    void unsignedWritesThroughPathTricksChangeNothing() {
        for (String target : List.of("/api/%77indow/v1/cases", "/API/window/v1/cases", "/api/window/v1/cases/",
                "/api/window/v1/cases?wsdl", "/api/window/v1/cases;x=1", "/api//window/v1/cases")) {
            String fresh = "SC-TRICK-W-" + UUID.randomUUID();
            RawHttp.Response response = raw.send("POST", target, Map.of("Content-Type", "application/json"),
                    bytes(validCase(fresh)));
            assertThat(response.status()).as(target + " -> " + response).isBetween(400, 499);
            assertThat(cases(fresh)).as(target).isZero();
        }
    }

    @Test
    void unsignedSoapThroughPathTricksNeverYieldsTheCase() {
        byte[] getCase = ("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<w:GetCase xmlns:w=\"http://rst.sc.gov.cn/filing/window/v1\"><w:SBLSH>" + sblsh
                + "</w:SBLSH></w:GetCase></soap:Body></soap:Envelope>").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = Map.of("Content-Type", "text/xml;charset=UTF-8", "SOAPAction", "\"\"");
        for (String target : List.of("/services/window", "/services/%77indow", "/%73ervices/window",
                "/SERVICES/window", "/services/window?wsdl", "/services/window?xsd=window-v1.xsd")) {
            RawHttp.Response response = raw.send("POST", target, headers, getCase);
            assertNoCase("POST " + target, response);
        }
        // the WSDL is public however its path is spelled, and a body sent along with the GET changes nothing
        RawHttp.Response wsdl = raw.send("GET", "/services/%77indow?wsdl", headers, getCase);
        assertThat(wsdl.body()).contains("wsdl:definitions").doesNotContain(sblsh).doesNotContain("RECEIVED");
    }

    @Test
    void aContractDocumentThatDoesNotExistIs404NotAServerFault() {
        for (String target : List.of("/services/window?xsd=1", "/services/window?xsd=../../etc/passwd",
                "/services/window?xsd=window-v2.xsd")) {
            RawHttp.Response response = raw.send("GET", target, Map.of(), new byte[0]);
            assertThat(response.status()).as(target + " -> " + response).isEqualTo(404);
            assertThat(response.body()).as(target).contains("no such contract document").doesNotContain("Exception");
        }
        assertThat(raw.send("GET", "/services/window?xsd=window-v1.xsd", Map.of(), new byte[0]).status())
                .as("the WSDL's own schema").isEqualTo(200);
    }

    private long cases(String sblsh) {
        return jdbc.sql("SELECT COUNT(*) FROM filing_case WHERE sblsh = ?").param(sblsh).query(Long.class).single();
    }
}
