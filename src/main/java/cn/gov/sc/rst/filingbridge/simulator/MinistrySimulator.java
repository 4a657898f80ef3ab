package cn.gov.sc.rst.filingbridge.simulator;

import cn.gov.sc.rst.filingbridge.reporting.ReportContractException;
import cn.gov.sc.rst.filingbridge.reporting.ReportXml;
import cn.gov.sc.rst.filingbridge.reporting.WireSignature;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReceiptType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportPortType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.FilingReportType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.ReceiptStatusCode;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.SignedReceiptType;
import cn.gov.sc.rst.filingbridge.reporting.ministry.v1.SignedReportType;
import cn.gov.sc.rst.filingbridge.signing.MessageSigner;
import cn.gov.sc.rst.filingbridge.signing.MessageVerifier;
import cn.gov.sc.rst.filingbridge.signing.Pkcs12;
import cn.gov.sc.rst.filingbridge.signing.SignatureRejectedException;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.signing.TrustMaterial;
import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.namespace.QName;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.jaxws.JaxWsServerFactoryBean;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * A stand-in for the ministry's filing-report service (contracts/ministry-filing-report-v1.wsdl): a CXF endpoint of the
 * generated {@link FilingReportPortType} on its own port, {@code /services/filing-report}. It checks the reporter's
 * signature over the exact report bytes with the trust store, and answers a receipt signed with the ministry's key
 * (certs-example/ministry.p12). Each report id is accepted once: the same report again gets its first receipt and is
 * counted as a repeat. A report whose signature does not verify is answered REJECTED.
 *
 * <p>{@link #mode(Mode)} makes it misbehave (see {@link Mode}). It runs on an embedded Tomcat with CXF's servlet on a
 * bus of its own, so that it shares nothing with a gateway in the same process. Run alone with
 * {@code java -cp … cn.gov.sc.rst.filingbridge.simulator.MinistrySimulator [port]} from the project folder.
 */
public final class MinistrySimulator implements AutoCloseable {

    /** How the simulator answers. */
    public enum Mode {
        /** Verify, accept, answer a receipt signed by the ministry. */
        OK,
        /** Verify, then answer a REJECTED receipt (signed by the ministry). */
        REJECT,
        /** Answer a soap:Server fault (HTTP 500). */
        FAULT,
        /** Answer HTTP 503 with an HTML page, as a proxy in front of a stopped service would. */
        FAIL_5XX,
        /** Nothing listens on the port. */
        DOWN,
        /** Accept, but sign the receipt with a key under a CA nobody trusts (certs-example/untrusted.p12). */
        UNTRUSTED_SIGNER,
        /** Accept, but sign the receipt with another peer's trusted key (certs-example/skills.p12), not the ministry's. */
        WRONG_SIGNER,
        /** Accept and sign the receipt, then change its bytes on the way. */
        TAMPER
    }

    static final String PATH = "/services/filing-report";
    private static final String NAMESPACE = ReportXml.NAMESPACE;

    /** The keys the simulator signs with and the trust store it checks reporters against. */
    public record Keys(MessageSigner ministry, MessageSigner untrusted, MessageSigner otherPeer, TrustMaterial trust) {

        /** The published test material of certs-example/ (password demo-only). */
        public static Keys certsExample(Path dir) {
            char[] password = "demo-only".toCharArray();
            return new Keys(signer(dir, "ministry", password), signer(dir, "untrusted", password),
                    signer(dir, "skills", password), TrustMaterial.load(dir.resolve("truststore.p12"), password));
        }

        private static MessageSigner signer(Path dir, String name, char[] password) {
            return new MessageSigner(Pkcs12.signingCredential(dir.resolve(name + ".p12"), password, name));
        }
    }

    /** A report as first accepted: its content, the serial that signed it, its exact bytes. */
    public record Received(FilingReportType report, String signerSerial, byte[] bytes) {
    }

    private final Keys keys;
    private final Clock clock;
    private final MessageVerifier verifier;
    private final ReportXml xml = new ReportXml();
    private final Map<String, Received> reports = new ConcurrentHashMap<>();
    private final Map<String, FilingReceiptType> receipts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> arrivals = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile Mode mode = Mode.OK;
    private Tomcat tomcat;
    private Bus bus;
    /** Tomcat's base folder, kept across DOWN and up again, removed on {@link #close()}. */
    private final Path baseDir;
    private int port;

    private MinistrySimulator(Keys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.verifier = new MessageVerifier(keys.trust(), clock);
        try {
            this.baseDir = Files.createTempDirectory("ministry-simulator-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts on {@code port} (0: any free port); checks signatures and stamps receipts with {@code clock}. */
    public static MinistrySimulator start(int port, Keys keys, Clock clock) {
        MinistrySimulator simulator = new MinistrySimulator(keys, clock);
        simulator.listen(port);
        return simulator;
    }

    public static void main(String[] args) {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8093;
        MinistrySimulator simulator = start(port, Keys.certsExample(Path.of("certs-example")), Clock.systemUTC());
        System.out.println("ministry simulator on " + simulator.address());
    }

    public synchronized int port() {
        return port;
    }

    /** The service address, for {@code bridge.ministry.address}. */
    public String address() {
        return "http://127.0.0.1:" + port() + PATH;
    }

    /** Sets the answer mode; {@link Mode#DOWN} closes the port, any other mode opens it again. */
    public synchronized void mode(Mode newMode) {
        if (newMode == Mode.DOWN && tomcat != null) {
            stop();
        } else if (newMode != Mode.DOWN && tomcat == null) {
            listen(port);
        }
        this.mode = newMode;
    }

    /** Calls received, whatever they were answered with. */
    public int callCount() {
        return calls.get();
    }

    /** Distinct reports accepted (counted by report id). */
    public int reportCount() {
        return reports.size();
    }

    /** How often a report id arrived with a verified signature (its first acceptance and every repeat). */
    public int arrivals(String reportId) {
        AtomicInteger n = arrivals.get(reportId);
        return n == null ? 0 : n.get();
    }

    /** Reports answered REJECTED. */
    public int rejectedCount() {
        return rejected.get();
    }

    /** Report ids in the order they were first accepted. */
    /**
     * The W3C {@code traceparent} headers of the calls that carried one, in the order they came: a ministry that traces
     * would continue the gateway's trace from them (docs/tracing.md).
     */
    public List<String> traceparents() {
        return List.copyOf(traceparents);
    }

    public List<String> reportIds() {
        return List.copyOf(order);
    }

    public Optional<Received> report(String reportId) {
        return Optional.ofNullable(reports.get(reportId));
    }

    /** The receipt given to a report at its first acceptance. */
    public Optional<FilingReceiptType> receipt(String reportId) {
        return Optional.ofNullable(receipts.get(reportId));
    }

    /** The service: every readable request gets a signed receipt, unless the mode says otherwise. */
    SignedReceiptType answer(SignedReportType request) {
        calls.incrementAndGet();
        Mode now = mode;
        if (now == Mode.FAULT) {
            throw new SoapFault("人社部备案情况接收服务暂不可用（模拟） / the ministry's service is unavailable (simulated)",
                    Soap11.getInstance().getReceiver());
        }
        byte[] bytes = request.getReportXml();
        FilingReportType report;
        try {
            report = xml.report(bytes == null ? new byte[0] : bytes);
        } catch (ReportContractException e) {
            throw new SoapFault("报告无法读取 / the report is unreadable: " + e.getMessage(),
                    Soap11.getInstance().getSender());
        }
        String reportId = report.getReportId();
        String signerSerial;
        try {
            signerSerial = verifier.verify(bytes, WireSignature.fromContract(request.getSignature())).certificateSerial();
        } catch (SignatureRejectedException e) {
            return sign(rejection(reportId, "报告签名验证失败 / report signature rejected: " + e.reason() + ": "
                    + e.getMessage()), now);
        }
        if (now == Mode.REJECT) {
            return sign(rejection(reportId, "报告不符合接收规则（模拟） / the report is refused by the ministry's rules"
                    + " (simulated)"), now);
        }
        arrivals.computeIfAbsent(reportId, id -> new AtomicInteger()).incrementAndGet();
        FilingReceiptType receipt = receipts.computeIfAbsent(reportId, id -> {
            reports.put(id, new Received(report, signerSerial, bytes.clone()));
            order.add(id);
            return receipt(id, ReceiptStatusCode.ACCEPTED, null);
        });
        return sign(receipt, now);
    }

    private FilingReceiptType rejection(String reportId, String reason) {
        rejected.incrementAndGet();
        return receipt(reportId, ReceiptStatusCode.REJECTED, reason);
    }

    private FilingReceiptType receipt(String reportId, ReceiptStatusCode status, String reason) {
        FilingReceiptType receipt = new FilingReceiptType();
        receipt.setReportId(reportId);
        receipt.setReceiptId("MOHRSS-" + UUID.randomUUID());
        receipt.setReceivedAt(OffsetDateTime.now(clock.withZone(ClockConfig.BUSINESS_ZONE)).truncatedTo(ChronoUnit.MILLIS));
        receipt.setStatus(status);
        receipt.setReason(reason);
        return receipt;
    }

    private SignedReceiptType sign(FilingReceiptType receipt, Mode now) {
        try {
            byte[] bytes = xml.receipt(receipt);
            MessageSigner signer = switch (now) {
                case UNTRUSTED_SIGNER -> keys.untrusted();
                case WRONG_SIGNER -> keys.otherPeer();
                default -> keys.ministry();
            };
            SignedReceiptType signed = new SignedReceiptType();
            signed.setSignature(WireSignature.toContract(signer.sign(bytes)));
            signed.setReceiptXml(now == Mode.TAMPER ? tamper(bytes, receipt) : bytes);
            return signed;
        } catch (ReportContractException | SigningException e) {
            throw new SoapFault("回执无法生成 / the receipt cannot be made: " + e.getMessage(), e,
                    Soap11.getInstance().getReceiver());
        }
    }

    /** The same receipt with one character of its receipt id changed: still a valid receipt, no longer the signed one. */
    private static byte[] tamper(byte[] bytes, FilingReceiptType receipt) {
        String id = receipt.getReceiptId();
        char last = id.charAt(id.length() - 1);
        String changed = id.substring(0, id.length() - 1) + (last == '0' ? '1' : '0');
        return new String(bytes, StandardCharsets.UTF_8).replace(id, changed).getBytes(StandardCharsets.UTF_8);
    }

    private synchronized void listen(int onPort) {
        Bus threadBus = BusFactory.getThreadDefaultBus(false);
        Bus defaultBus = BusFactory.getDefaultBus(false);
        try {
            bus = BusFactory.newInstance().createBus();
            Tomcat server = new Tomcat();
            server.setBaseDir(baseDir.toString());
            Connector connector = new Connector("HTTP/1.1");
            connector.setPort(onPort);
            connector.setProperty("address", "127.0.0.1");
            server.setConnector(connector);
            Context context = server.addContext("", baseDir.toString());
            CXFNonSpringServlet servlet = new CXFNonSpringServlet();
            servlet.setBus(bus);
            Tomcat.addServlet(context, "cxf", servlet).setLoadOnStartup(1);
            context.addServletMappingDecoded("/services/*", "cxf");
            addModeFilter(context);
            publish();
            server.start();
            tomcat = server;
            port = connector.getLocalPort();
        } catch (LifecycleException e) {
            throw new IllegalStateException("the ministry simulator cannot listen on port " + onPort, e);
        } finally {
            // the simulator's bus must never become the process's default: a gateway may run beside it
            BusFactory.setThreadDefaultBus(threadBus);
            if (BusFactory.getDefaultBus(false) == bus) {
                BusFactory.setDefaultBus(defaultBus);
                BusFactory.setThreadDefaultBus(threadBus);
            }
        }
    }

    private void publish() {
        JaxWsServerFactoryBean factory = new JaxWsServerFactoryBean();
        factory.setBus(bus);
        factory.setServiceClass(FilingReportPortType.class);
        factory.setServiceBean(new Service());
        factory.setWsdlLocation("classpath:contracts/ministry-filing-report-v1.wsdl");
        factory.setServiceName(new QName(NAMESPACE, "FilingReportService"));
        factory.setEndpointName(new QName(NAMESPACE, "FilingReportPort"));
        factory.setAddress("/filing-report");
        factory.create();
    }

    /** The endpoint implementation of the generated service interface. */
    private final class Service implements FilingReportPortType {
        @Override
        public SignedReceiptType reportFiling(SignedReportType parameters) {
            return answer(parameters);
        }
    }

    /** {@link Mode#FAIL_5XX}: a 503 page before CXF sees the request. */
    private void addModeFilter(Context context) {
        Filter filter = (request, response, chain) -> {
            String traceparent = ((HttpServletRequest) request).getHeader("traceparent");
            if (traceparent != null) {
                traceparents.add(traceparent);
            }
            if (mode == Mode.FAIL_5XX) {
                calls.incrementAndGet();
                HttpServletResponse http = (HttpServletResponse) response;
                http.setStatus(503);
                http.setContentType("text/html;charset=UTF-8");
                http.getWriter().write("<html><body>503 Service Unavailable</body></html>");
                return;
            }
            chain.doFilter(request, response);
        };
        FilterDef definition = new FilterDef();
        definition.setFilterName("simulator-mode");
        definition.setFilter(filter);
        context.addFilterDef(definition);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("simulator-mode");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
    }

    private synchronized void stop() {
        if (tomcat != null) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException("the ministry simulator does not stop", e);
            } finally {
                tomcat = null;
                bus.shutdown(true);
                bus = null;
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    @Override
    public synchronized void close() {
        stop();
        deleteQuietly(baseDir);
    }
}
