package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.cases.Channel;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards both window edges (REST under {@code /api/window/}, SOAP under {@code /services/}): caps the body size,
 * authenticates the window signature (HMAC-SM3 over method, path, timestamp, nonce and SM3 of the raw body), refuses
 * replayed nonces, and for SOAP refuses bodies that are not valid text in their declared charset. A refusal before
 * authentication is counted ({@link AnonymousRefusals}, bounded), one after it recorded with its details. The body is read once and handed on unchanged.
 */
@Component
class WindowGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(WindowGuard.class);
    static final String ATTR_APP_ID = "bridge.appId";
    static final String ATTR_BODY_SM3 = "bridge.bodySm3";
    static final String ATTR_BODY = "bridge.body";
    /** The request's nonce, checked but not yet claimed ({@link NonceStore.Pending}): only on a POST. */
    static final String ATTR_NONCE = "bridge.nonce";
    /** Why an unauthenticated call is refused: the problem's code, the refusal's reason and the counter's tag. */
    static final String UNAUTHENTICATED = "unauthenticated";
    static final String TOO_LARGE = "too-large";

    private final BridgeProperties properties;
    private final NonceStore nonces;
    private final IntakeService intake;
    private final ObjectMapper json;
    private final Clock clock;
    private final ApplicationAvailability availability;
    private final AnonymousRefusals anonymous;
    /**
     * Bytes of window bodies read but not yet authenticated, all requests together ({@code
     * bridge.intake.max-unverified-bytes}): the signature covers the body, so a body is read before its caller is
     * known, and anyone who knows an app id could otherwise have the gateway buffer the size limit per connection.
     */
    private final Semaphore unverified;
    private static final long BUSY_WARN_EVERY_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
    private final java.util.concurrent.atomic.AtomicLong lastBusyWarning =
            new java.util.concurrent.atomic.AtomicLong(System.nanoTime() - BUSY_WARN_EVERY_NANOS);

    WindowGuard(BridgeProperties properties, NonceStore nonces, IntakeService intake, ObjectMapper json, Clock clock,
                ApplicationAvailability availability, AnonymousRefusals anonymous) {
        this.anonymous = anonymous;
        this.availability = availability;
        this.properties = properties;
        this.nonces = nonces;
        this.intake = intake;
        this.json = json;
        this.clock = clock;
        this.unverified = new Semaphore((int) Math.min(Integer.MAX_VALUE, properties.intake().maxUnverifiedBytes()));
        if (properties.intake().maxUnverifiedBytes() < properties.intake().maxBodyBytes()) {
            log.warn("bridge.intake.max-unverified-bytes ({}) is below bridge.intake.max-body-bytes ({}): a body larger "
                    + "than the budget is answered 503 busy every time it is sent; keep the budget a few times the "
                    + "largest body", properties.intake().maxUnverifiedBytes(), properties.intake().maxBodyBytes());
        }
    }

    /**
     * One decision, made on the decoded and normalised path the servlet container routes (servlet path plus path
     * info), never on the raw URI, with case-insensitive prefixes: everything under {@code /api/window} and
     * {@code /services} is authenticated, except the published contracts ({@link #isPublicContract}).
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = routedPath(request);
        boolean publicContract = "GET".equals(request.getMethod())
                && (path.equals("/api/window/v1/openapi.yaml")
                    || (path.equals("/services/window") && isWsdlQuery(request.getQueryString())));
        return !isWindow(path) || publicContract;
    }

    /**
     * The decoded, normalised path the servlet container routes ({@code servletPath + pathInfo}), lower-cased: the
     * raw request URI may spell the same resource differently ({@code /api/%77indow/...}), so it never decides.
     */
    static String routedPath(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        return (servletPath + pathInfo).toLowerCase(java.util.Locale.ROOT);
    }

    static boolean isWindow(String routedPath) {
        return routedPath.startsWith("/api/window") || routedPath.startsWith("/services");
    }

    private static boolean isWsdlQuery(String query) {
        return query != null && (query.equalsIgnoreCase("wsdl") || query.toLowerCase().startsWith("xsd="));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Channel channel = routedPath(request).startsWith("/services") ? Channel.SOAP : Channel.REST;
        // a gateway that cannot serve says so (503, Retry-After), never 401: not ready yet, or its database or broker
        // unavailable while the guard checks the nonce or records a refusal
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            unavailable(response, channel, "not-ready", "网关尚未就绪（启动中或正在停止）",
                    "the gateway is not ready (starting or stopping)");
            return;
        }
        try {
            guard(request, response, chain, channel);
        } catch (RuntimeException e) {
            if (response.isCommitted() || !cn.gov.sc.rst.filingbridge.wiring.InfrastructureFailures.is(e)) {
                throw e;
            }
            log.error("window request failed: database or broker unavailable: {}", e.toString());
            response.reset();
            unavailable(response, channel, "unavailable", "数据库或消息服务暂时不可用", "database or broker unavailable");
        }
    }

    private void unavailable(HttpServletResponse response, Channel channel, String reason, String zh, String en)
            throws IOException {
        Violation violation = new Violation("$", reason, "服务暂时不可用：" + zh + "，请稍后以相同请求重试",
                "service temporarily unavailable: " + en + "; retry later with the same request");
        WindowReply reply = channel == Channel.SOAP
                ? SoapFaults.serverFault(violation)
                : Problems.reply(json, 503, reason, "服务暂时不可用", "Service temporarily unavailable", List.of(violation));
        response.setStatus(503);
        response.setHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
        response.setContentType(reply.contentType());
        response.getOutputStream().write(reply.body());
    }

    static final int RETRY_AFTER_SECONDS = 30;

    private void guard(HttpServletRequest request, HttpServletResponse response, FilterChain chain, Channel channel)
            throws ServletException, IOException {
        int limit = properties.intake().maxBodyBytes();
        String appId = request.getHeader(WindowSignature.APP_ID);
        if (request.getContentLengthLong() > limit) {
            refuse(response, channel, appId, null, 413, TOO_LARGE, tooLarge(limit));
            return;
        }
        // cheap refusals first: the headers alone (app known, timestamp window, nonce and signature form) decide most
        // anonymous calls before a single body byte is read or hashed
        Optional<Violation> headerFailure = checkHeaders(request, appId);
        if (headerFailure.isPresent()) {
            refuse(response, channel, appId, null, 401, UNAUTHENTICATED, headerFailure.get());
            return;
        }
        byte[] body;
        String bodySm3;
        Optional<Violation> authFailure;
        try (Reservation reservation = new Reservation()) {
            int declared = (int) Math.max(0, request.getContentLengthLong());   // at most limit, checked above
            body = reservation.cover(declared)
                    ? readBounded(request.getInputStream(), limit, declared, reservation) : BUSY;
            if (body == BUSY) {
                busy(response, channel, appId);
                return;
            }
            if (body == null) {
                refuse(response, channel, appId, null, 413, TOO_LARGE, tooLarge(limit));
                return;
            }
            bodySm3 = Sm3.hex(body);
            authFailure = verifySignature(request, appId, bodySm3);
        }
        if (authFailure.isPresent()) {
            refuse(response, channel, appId, bodySm3, 401, UNAUTHENTICATED, authFailure.get());
            return;
        }
        java.nio.charset.Charset soapCharset = null;
        if (channel == Channel.SOAP && body.length > 0) {
            SoapText soapText = soapEncoding(request.getContentType(), body);
            soapCharset = soapText.charset();
            Optional<Violation> encoding = Optional.ofNullable(soapText.refused());
            if (encoding.isPresent()) {
                // authenticated, so its nonce is spent like any answered POST's: a replay is refused as one
                try {
                    refuseAuthenticated(response, channel, appId, bodySm3, 400, "encoding", encoding.get());
                } finally {
                    claimWhenAnswered(request, channel);
                }
                return;
            }
        }
        request.setAttribute(ATTR_APP_ID, appId);
        request.setAttribute(ATTR_BODY_SM3, bodySm3);
        request.setAttribute(ATTR_BODY, body);
        chain.doFilter(new CachedBody(request, body, soapCharset), response);
        // not when the routes failed: the 503 the caller then gets asks it to send the same request again
        claimWhenAnswered(request, channel);
    }

    /**
     * A POST that did not become a case (refused, repeated, a SOAP query) claims its nonce on its own once it is
     * answered: the REST routes answer asynchronously, so only when the async request completes. A POST whose case
     * committed has claimed it in that transaction already.
     */
    private void claimWhenAnswered(HttpServletRequest request, Channel channel) {
        if (request.getAttribute(ATTR_NONCE) instanceof NonceStore.Pending pending) {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ClaimWhenAnswered(pending, channel));
            } else {
                claimAfterAnswer(pending, channel);
            }
        }
    }

    private void claimAfterAnswer(NonceStore.Pending pending, Channel channel) {
        if (!nonces.claimIfPending(pending)) {
            log.warn("window request answered while a replay of its nonce ran concurrently ({})", channel);
        }
    }

    /** Claims a POST's nonce once its asynchronous answer is complete, unless the intake transaction has. */
    private final class ClaimWhenAnswered implements jakarta.servlet.AsyncListener {
        private final NonceStore.Pending pending;
        private final Channel channel;

        ClaimWhenAnswered(NonceStore.Pending pending, Channel channel) {
            this.pending = pending;
            this.channel = channel;
        }

        @Override
        public void onComplete(jakarta.servlet.AsyncEvent event) {
            try {
                claimAfterAnswer(pending, channel);
            } catch (RuntimeException e) {
                // answered already: the nonce stays unclaimed until the checks of its timestamp window refuse it
                log.error("nonce of a refused window request not claimed: {}", e.toString());
            }
        }

        @Override
        public void onTimeout(jakarta.servlet.AsyncEvent event) {
            // completion follows
        }

        @Override
        public void onError(jakarta.servlet.AsyncEvent event) {
            // completion follows
        }

        @Override
        public void onStartAsync(jakarta.servlet.AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** Everything that can be checked without the body. */
    private Optional<Violation> checkHeaders(HttpServletRequest request, String appId) {
        String timestamp = request.getHeader(WindowSignature.TIMESTAMP);
        String nonce = request.getHeader(WindowSignature.NONCE);
        String signature = request.getHeader(WindowSignature.SIGNATURE);
        if (appId == null || timestamp == null || nonce == null || signature == null) {
            // the field names the first header missing, in the order they are listed
            String missing = appId == null ? WindowSignature.APP_ID : timestamp == null ? WindowSignature.TIMESTAMP
                    : nonce == null ? WindowSignature.NONCE : WindowSignature.SIGNATURE;
            return Optional.of(auth(missing, "missing-headers", "缺少签名请求头 X-App-Id、X-Timestamp、X-Nonce、X-App-Signature",
                    "the signature headers X-App-Id, X-Timestamp, X-Nonce and X-App-Signature are required"));
        }
        BridgeProperties.App app = properties.platform().apps().get(appId);
        if (app == null || app.secret() == null || app.secret().isBlank()) {
            return Optional.of(auth(WindowSignature.APP_ID, "unknown-app", "未登记的应用", "unknown app id"));
        }
        long millis;
        try {
            millis = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Optional.of(auth(WindowSignature.TIMESTAMP, "timestamp", "X-Timestamp 须为 epoch 毫秒", "X-Timestamp must be epoch milliseconds"));
        }
        Duration tolerance = properties.intake().timestampTolerance();
        if (Math.abs(clock.millis() - millis) > tolerance.toMillis()) {
            return Optional.of(auth(WindowSignature.TIMESTAMP, "timestamp", "请求时间超出允许范围（±" + tolerance.toMinutes() + " 分钟）",
                    "timestamp outside the allowed window (±" + tolerance.toMinutes() + " minutes)"));
        }
        if (nonce.isBlank() || nonce.length() > 128) {
            return Optional.of(auth(WindowSignature.NONCE, "nonce", "X-Nonce 须为 1–128 个字符", "X-Nonce must be 1-128 characters"));
        }
        if (!SIGNATURE_FORM.matcher(signature).matches()) {
            return Optional.of(auth(WindowSignature.SIGNATURE, "signature-form", "X-App-Signature 须为 64 位十六进制（HMAC-SM3）",
                    "X-App-Signature must be 64 hexadecimal digits (HMAC-SM3)"));
        }
        return Optional.empty();
    }

    private static final java.util.regex.Pattern SIGNATURE_FORM = java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    /** The signature over the body's SM3, then the nonce claimed; the headers have passed {@link #checkHeaders}. */
    private Optional<Violation> verifySignature(HttpServletRequest request, String appId, String bodySm3) {
        String timestamp = request.getHeader(WindowSignature.TIMESTAMP);
        String nonce = request.getHeader(WindowSignature.NONCE);
        String signature = request.getHeader(WindowSignature.SIGNATURE);
        BridgeProperties.App app = properties.platform().apps().get(appId);
        Duration tolerance = properties.intake().timestampTolerance();
        String expected = WindowSignature.signWithBodyHash(app.secret(), request.getMethod(), request.getRequestURI(),
                timestamp, nonce, bodySm3);
        if (!WindowSignature.matches(expected, signature)) {
            return Optional.of(auth(WindowSignature.SIGNATURE, "signature", "签名校验失败", "signature does not verify"));
        }
        // a POST may become a case: its nonce is claimed in the transaction that stores the case (one commit per case),
        // and only checked here; a replay racing the first use fails on the nonce's key there (NonceStore.Replayed)
        boolean post = "POST".equals(request.getMethod());
        boolean used = post ? nonces.seen(appId, nonce) : !nonces.claim(appId, nonce, tolerance.multipliedBy(2));
        if (used) {
            return Optional.of(auth(WindowSignature.NONCE, "nonce-reused", "X-Nonce 已使用过（疑似重放）", "X-Nonce was already used (replay)"));
        }
        if (post) {
            request.setAttribute(ATTR_NONCE, new NonceStore.Pending(appId, nonce, tolerance.multipliedBy(2)));
        }
        return Optional.empty();
    }

    /** An authentication refusal naming the header at fault: X-App-Id, X-Timestamp, X-Nonce or X-App-Signature. */
    private static Violation auth(String field, String rule, String zh, String en) {
        return new Violation(field, "auth:" + rule, "身份认证失败：" + zh, "authentication failed: " + en);
    }

    private static Violation tooLarge(int limit) {
        return new Violation("$", "size", "请求体超过上限 " + limit + " 字节", "the body exceeds the limit of " + limit + " bytes");
    }

    /** The charset a SOAP body is read in, or why it is refused. */
    private record SoapText(java.nio.charset.Charset charset, Violation refused) {
    }

    /**
     * The charset of a SOAP body: the Content-Type's, else the XML declaration's, else UTF-8; the body must be valid
     * text in it. The request then goes on with that charset in its Content-Type ({@link CachedBody}), so that CXF
     * reads the body as it was checked here, whatever the spelling of the parameter or where the sender declared it.
     */
    private static SoapText soapEncoding(String contentType, byte[] body) {
        Optional<String> inHeader = StrictText.declaredCharset(contentType);
        Optional<String> declared = inHeader.or(() -> StrictText.xmlDeclaredEncoding(body));
        try {
            java.nio.charset.Charset charset = StrictText.charset(declared);
            StrictText.decode(body, charset);
            return new SoapText(charset, null);
        } catch (StrictText.UnsupportedEncoding e) {
            return new SoapText(null, Violation.of(inHeader.isPresent() ? "Content-Type" : "<?xml encoding?>",
                    Rule.ENCODING, "仅接受 UTF-8、GBK、GB18030", e.getMessage()));
        } catch (CharacterCodingException e) {
            return new SoapText(null, Violation.of("$", Rule.ENCODING, "请求体不是所声明（未声明时为 UTF-8）字符集的合法文本",
                    "the body is not valid text in the declared charset (UTF-8 when none is declared)"));
        }
    }

    /** {@link #readBounded}'s answer when the gateway already holds too many unverified bytes. */
    private static final byte[] BUSY = new byte[0];

    /**
     * Reads at most {@code limit} bytes, each covered by the request's share of {@link #unverified}; null when the body
     * is larger, {@link #BUSY} when no more can be covered. {@code declared}: the Content-Length (0: none).
     */
    private static byte[] readBounded(InputStream in, int limit, int declared, Reservation reservation)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? declared : 16 * 1024);
        byte[] buffer = new byte[16 * 1024];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > limit) {
                return null;
            }
            if (!reservation.cover(total)) {
                return BUSY;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** One request's share of {@link #unverified}, given back once its signature is checked. */
    private final class Reservation implements AutoCloseable {
        private int held;

        /** Covers {@code total} bytes; false when the gateway already holds too many unverified bytes. */
        boolean cover(long total) {
            if (total <= held) {
                return true;
            }
            int more = (int) Math.min(Integer.MAX_VALUE, total - held);
            if (!unverified.tryAcquire(more)) {
                return false;
            }
            held += more;
            return true;
        }

        @Override
        public void close() {
            unverified.release(held);
            held = 0;
        }
    }

    /** Too many bodies are being read before their callers are known: come back later, nothing was stored. */
    private void busy(HttpServletResponse response, Channel channel, String appId) throws IOException {
        anonymous.count(channel, "busy", appId);
        long now = System.nanoTime();
        long last = lastBusyWarning.get();
        if (now - last >= BUSY_WARN_EVERY_NANOS && lastBusyWarning.compareAndSet(last, now)) {
            log.warn("window request refused: 503 busy (more than {} bytes of bodies being read before authentication;"
                    + " counted in the anonymous refusals, reason busy; logged at most once a minute)",
                    properties.intake().maxUnverifiedBytes());
        }
        response.setHeader("Connection", "close");
        unavailable(response, channel, "busy", "网关正在读取的未认证请求体过多", "too many request bodies are being read"
                + " before their callers are authenticated");
    }

    /** A refusal before the caller is authenticated: counted (bounded), not stored one row each. */
    private void refuse(HttpServletResponse response, Channel channel, String appId, String bodySm3, int status,
                        String reason, Violation violation) throws IOException {
        anonymous.count(channel, reason, appId);
        answer(response, channel, status, reason, violation);
    }

    /** A refusal of an authenticated caller: recorded with its details. */
    private void refuseAuthenticated(HttpServletResponse response, Channel channel, String appId, String bodySm3,
                                     int status, String reason, Violation violation) throws IOException {
        intake.recordRefusal(new Refusal(channel, appId, null, status, reason, List.of(violation), bodySm3));
        answer(response, channel, status, reason, violation);
    }

    private void answer(HttpServletResponse response, Channel channel, int status, String reason, Violation violation)
            throws IOException {
        log.warn("window request refused: {} {} ({})", status, reason, violation.rule());
        WindowReply reply = channel == Channel.SOAP
                ? SoapFaults.clientFault(violation)
                : Problems.reply(json, status, reason, "请求被拒绝", "Request refused", List.of(violation));
        response.setStatus(status);
        response.setContentType(reply.contentType());
        if (status == 413) {
            response.setHeader("Connection", "close");
        }
        response.getOutputStream().write(reply.body());
    }

    /** The request with its body already read. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;
        /** The charset the guard checked the body in (SOAP), declared to what reads it next; null: as sent. */
        private final java.nio.charset.Charset charset;
        private final String contentType;

        CachedBody(HttpServletRequest request, byte[] body, java.nio.charset.Charset charset) {
            super(request);
            this.body = body;
            this.charset = charset;
            this.contentType = charset == null ? null : withCharset(request.getContentType(), charset);
        }

        /**
         * {@code contentType} with every charset parameter (any case, any spacing, {@code x-charset} too) replaced by
         * one {@code charset=} parameter, last, as CXF looks for it ({@code indexOf("charset=")}).
         */
        static String withCharset(String contentType, java.nio.charset.Charset charset) {
            String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
            StringBuilder out = new StringBuilder(parts[0].strip().isEmpty() ? "text/xml" : parts[0].strip());
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                if (!parameter.isEmpty() && !parameter.toLowerCase(Locale.ROOT).contains("charset")) {
                    out.append("; ").append(parameter);
                }
            }
            return out.append("; charset=").append(charset.name()).toString();
        }

        @Override
        public String getContentType() {
            return contentType == null ? super.getContentType() : contentType;
        }

        @Override
        public String getCharacterEncoding() {
            return charset == null ? super.getCharacterEncoding() : charset.name();
        }

        @Override
        public void setCharacterEncoding(String encoding) throws java.io.UnsupportedEncodingException {
            if (charset == null) {
                super.setCharacterEncoding(encoding);
            }
        }

        @Override
        public String getHeader(String name) {
            return contentType != null && "Content-Type".equalsIgnoreCase(name) ? contentType : super.getHeader(name);
        }

        @Override
        public java.util.Enumeration<String> getHeaders(String name) {
            return contentType != null && "Content-Type".equalsIgnoreCase(name)
                    ? java.util.Collections.enumeration(List.of(contentType)) : super.getHeaders(name);
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read; no async reads");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
