package cn.gov.sc.rst.filingbridge.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.ObjectFactory;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.SignedReportType;
import cn.gov.sc.rst.filingbridge.signing.BadSignatureException;
import cn.gov.sc.rst.filingbridge.signing.DetachedSignature;
import cn.gov.sc.rst.filingbridge.signing.MalformedSignatureException;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.signing.TrustMaterial;
import cn.gov.sc.rst.filingbridge.signing.VerifiedSignature;
import jakarta.xml.bind.JAXBContext;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.xml.transform.stream.StreamSource;
import org.junit.jupiter.api.Test;

/**
 * The signature rule of the contract: the report's bytes are signed once, travel unchanged inside base64 through a
 * SOAP body's XML serialisation and parsing, and verify on the other side; any change to them does not.
 */
class ReportSignatureTest {

    private static final char[] PASSWORD = "demo-only".toCharArray();
    private static final MessageSigner GATEWAY = new MessageSigner(
            Pkcs12.signingCredential(Path.of("certs-example/gateway.p12"), PASSWORD, "gateway"));
    private static final MessageVerifier VERIFIER = new MessageVerifier(
            TrustMaterial.load(Path.of("certs-example/truststore.p12"), PASSWORD),
            Clock.fixed(Instant.parse("2026-11-27T02:00:00Z"), ZoneOffset.UTC));

    private final ReportXml xml = new ReportXml();

    @Test
    void theSignedBytesSurviveTheSoapBodyAndVerifyOnTheOtherSide() throws Exception {
        byte[] bytes = xml.report(ReportFixtures.filedReport());
        DetachedSignature signature = GATEWAY.sign(bytes);
        SignedReportType sent = new SignedReportType();
        sent.setReportXml(bytes);
        sent.setSignature(WireSignature.toContract(signature));

        SignedReportType received = throughXml(sent);

        assertThat(received.getReportXml()).isEqualTo(bytes);
        assertThat(received.getSignature().getAlgorithm().value()).isEqualTo("SM3withSM2");
        assertThat(received.getSignature().getCertificateSerial()).isEqualTo(GATEWAY.certificateSerial())
                .matches("[0-9a-f]+");
        VerifiedSignature verified = VERIFIER.verify(received.getReportXml(),
                WireSignature.fromContract(received.getSignature()));
        assertThat(verified.subject()).contains("gateway");
        assertThat(xml.report(received.getReportXml()).getInstitution().getName())
                .isEqualTo("成都市示范职业技术学校职业技能考核鉴定所");
    }

    @Test
    void oneChangedByteDoesNotVerify() throws Exception {
        byte[] bytes = xml.report(ReportFixtures.filedReport());
        DetachedSignature signature = GATEWAY.sign(bytes);
        byte[] tampered = new String(bytes, StandardCharsets.UTF_8).replace("张明", "张三")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> VERIFIER.verify(tampered, signature)).isInstanceOf(BadSignatureException.class);
    }

    @Test
    void aReserialisedReportIsNotTheSignedBytesAndDoesNotVerify() throws Exception {
        byte[] bytes = xml.report(ReportFixtures.filedReport());
        DetachedSignature signature = GATEWAY.sign(bytes);
        // the same report, written by another serialiser (indented): equal as XML, different as bytes
        String indented = new String(bytes, StandardCharsets.UTF_8).replace("><", ">\n  <");

        assertThat(xml.report(indented.getBytes(StandardCharsets.UTF_8)).getReportId())
                .isEqualTo(ReportFixtures.REPORT_ID);
        assertThatThrownBy(() -> VERIFIER.verify(indented.getBytes(StandardCharsets.UTF_8), signature))
                .isInstanceOf(BadSignatureException.class);
    }

    @Test
    void absentSignatureFieldsAreMalformed() {
        SignedReportType sent = new SignedReportType();

        assertThatThrownBy(() -> WireSignature.fromContract(sent.getSignature()))
                .isInstanceOf(MalformedSignatureException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> WireSignature.fromContract(new ObjectFactory().createSignatureType()))
                .isInstanceOf(MalformedSignatureException.class).hasMessageContaining("X-Signature-Alg is missing");
    }

    @Test
    void aDocumentWithADtdIsRefusedBeforeAnythingIsExpanded() {
        String withDtd = """
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE FilingReceipt [<!ENTITY x SYSTEM "file:///etc/passwd">]>
                <FilingReceipt xmlns="http://rst.sc.gov.cn/filing/ministry-report/v1"><reportId>&x;</reportId></FilingReceipt>""";

        assertThatThrownBy(() -> xml.receipt(withDtd.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ReportContractException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void aReceiptWhereAReportIsExpectedIsRefused() throws Exception {
        byte[] report = xml.report(ReportFixtures.filedReport());

        assertThatThrownBy(() -> xml.receipt(report))
                .isInstanceOf(ReportContractException.class).hasMessageContaining("expected a FilingReceipt");
    }

    /** What a SOAP stack does to the body: serialise it to XML text and parse it back. */
    private static SignedReportType throughXml(SignedReportType value) throws Exception {
        JAXBContext context = JAXBContext.newInstance(ObjectFactory.class);
        StringWriter out = new StringWriter();
        context.createMarshaller().marshal(new ObjectFactory().createReportFiling(value), out);
        return context.createUnmarshaller()
                .unmarshal(new StreamSource(new StringReader(out.toString())), SignedReportType.class).getValue();
    }
}
