package cn.gov.sc.rst.filingbridge.intake;

import cn.gov.sc.rst.filingbridge.wiring.CaseLogContext;
import cn.gov.sc.rst.filingbridge.cases.Channel;
import cn.gov.sc.rst.filingbridge.signing.Sm3;
import cn.gov.sc.rst.filingbridge.wiring.BridgeProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The REST window: turns raw request bytes into a case (strict charset, bounded JSON, contract check) and the
 * intake outcome into an HTTP answer. Routes call it; it knows nothing of Camel.
 */
@Component("restWindow")
public class RestWindow {

    private static final Logger log = LoggerFactory.getLogger(RestWindow.class);
    static final String JSON_UTF8 = "application/json;charset=UTF-8";
    private final IntakeService intake;
    private final ObjectMapper json;
    private final ObjectMapper strict;
    private final JsonContract contract = new JsonContract();

    RestWindow(IntakeService intake, ObjectMapper json, BridgeProperties properties) {
        this.intake = intake;
        this.json = json;
        this.strict = json.copy();
        this.strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(properties.intake().maxNestingDepth())
                .maxNumberLength(64)
                .maxStringLength(properties.intake().maxBodyBytes())
                .build());
        this.strict.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.strict.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** POST /api/window/v1/cases. */
    public WindowReply submit(byte[] body, String contentType, String appId) {
        return submit(body, contentType, appId, Sm3.hex(body));
    }

    /**
     * POST /api/window/v1/cases, with the SM3 of the body as the {@link WindowGuard} computed it for the signature.
     */
    public WindowReply submit(byte[] body, String contentType, String appId, String bodySm3) {
        return submit(body, contentType, appId, bodySm3, null);
    }

    /**
     * POST /api/window/v1/cases, with the request's nonce still to be claimed (null: claimed by the guard), which the
     * intake transaction claims together with the case.
     */
    public WindowReply submit(byte[] body, String contentType, String appId, String bodySm3, Object nonce) {
        if (appId == null) {
            return notAuthenticated();
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).matches("application/json\\s*(;.*)?")) {
            return refuse(appId, null, bodySm3, 415, "unsupported-media-type", "不支持的内容类型", "Unsupported media type",
                    List.of(new Violation("Content-Type", "media-type", "内容类型须为 application/json",
                            "Content-Type must be application/json")));
        }
        String text;
        try {
            Charset charset = StrictText.charset(StrictText.declaredCharset(contentType));
            text = StrictText.decode(body, charset);
        } catch (StrictText.UnsupportedEncoding e) {
            return refuse(appId, null, bodySm3, 415, "unsupported-charset", "不支持的字符集", "Unsupported charset",
                    List.of(Violation.of("Content-Type", Rule.ENCODING, "仅接受 UTF-8、GBK、GB18030", e.getMessage())));
        } catch (CharacterCodingException e) {
            return refuse(appId, null, bodySm3, 400, "encoding", "请求体字符编码错误", "Invalid body encoding",
                    List.of(Violation.of("$", Rule.ENCODING, "请求体不是所声明（未声明时为 UTF-8）字符集的合法文本",
                            "the body is not valid text in the declared charset (UTF-8 when none is declared)")));
        }
        JsonNode tree;
        try {
            tree = strict.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")";
            return refuse(appId, null, bodySm3, 400, "malformed", "JSON 格式错误", "Malformed JSON",
                    List.of(Violation.of("$", Rule.MALFORMED, "无法解析为 JSON" + where, e.getOriginalMessage() + where)));
        }
        if (tree == null || !tree.isObject()) {
            return refuse(appId, null, bodySm3, 400, "malformed", "JSON 格式错误", "Malformed JSON",
                    List.of(Violation.of("$", Rule.MALFORMED, "请求体须为 JSON 对象", "the body must be a JSON object")));
        }
        JsonContract.dropNulls(tree);
        // a malformed SBLSH is refused by the contract; it is neither logged nor recorded as the case's key
        String sblsh = tree.path("SBLSH").isTextual() && CheckCodes.isSblsh(tree.path("SBLSH").asText())
                ? tree.path("SBLSH").asText() : null;
        try (CaseLogContext ignored = CaseLogContext.sblsh(sblsh)) {
            return submitParsed(tree, sblsh, appId, bodySm3,
                    nonce instanceof NonceStore.Pending pending ? pending : null);
        }
    }

    /** Which field could not be read into the case, and why, in both languages; the value itself is not echoed. */
    static Violation unreadable(JsonProcessingException e) {
        String field = "$";
        if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()) {
            StringBuilder path = new StringBuilder();
            for (com.fasterxml.jackson.databind.JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            field = path.isEmpty() ? "$" : path.toString();
        }
        boolean numeric = e instanceof com.fasterxml.jackson.core.exc.InputCoercionException
                || e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException
                || e.getCause() instanceof NumberFormatException || e.getCause() instanceof ArithmeticException
                || String.valueOf(e.getOriginalMessage()).contains("out of range");
        return numeric ? Violation.of(field, Rule.RANGE, "超出网关可处理的数值范围", "beyond the numbers the gateway can hold")
                : Violation.of(field, Rule.SCHEMA, "该字段的值无法读取", "the value of this field cannot be read");
    }

    private WindowReply submitParsed(JsonNode tree, String sblsh, String appId, String bodySm3,
                                     NonceStore.Pending nonce) {
        List<Violation> contractViolations = new ArrayList<>(contract.validate(tree));
        contractViolations.addAll(TextCharacters.check(tree));
        if (!contractViolations.isEmpty()) {
            contractViolations.sort(Comparator.comparing(Violation::field));
            return refuse(appId, sblsh, bodySm3, 400, "contract", "不符合接口契约", "The body does not match the contract",
                    contractViolations);
        }
        FilingCase filingCase;
        try {
            filingCase = strict.treeToValue(tree, FilingCase.class);
        } catch (JsonProcessingException e) {
            // the contract took it, Java cannot hold it: an integer beyond 32 bits, a number beyond a double's range
            return refuse(appId, sblsh, bodySm3, 400, "contract", "不符合接口契约", "The body does not match the contract",
                    List.of(unreadable(e)));
        }
        try {
            return ok(intake.submit(filingCase, new Submission(Channel.REST, appId, bodySm3, nonce)));
        } catch (NonceStore.Replayed e) {
            log.warn("window request refused: 401 unauthenticated (auth:nonce-reused)");
            return Problems.reply(json, 401, WindowGuard.UNAUTHENTICATED, "请求被拒绝", "Request refused",
                    List.of(NonceStore.Replayed.violation()));
        } catch (CaseRejectedException e) {
            return Problems.reply(json, 400, "invalid-case", "办件校验未通过", "The case failed validation", e.violations());
        } catch (CaseConflictException e) {
            return Problems.reply(json, 409, "conflict", "申办流水号冲突", "SBLSH conflict",
                    List.of(new Violation("SBLSH", "conflict", e.messageZh(), e.messageEn())));
        }
    }

    /**
     * GET /api/window/v1/cases/{SBLSH}, for the app the {@link WindowGuard} authenticated (null: none): a malformed SBLSH
     * is a 400 naming it, a case of another app a 404 like an unknown one.
     */
    public WindowReply get(String sblsh, String appId) {
        if (appId == null) {
            return notAuthenticated();
        }
        if (!CheckCodes.isSblsh(sblsh)) {
            return refuse(appId, null, null, 400, Rule.SBLSH_FORMAT.code(), "申办流水号格式错误", "Malformed SBLSH",
                    List.of(Violation.of("SBLSH", Rule.SBLSH_FORMAT)));
        }
        return intake.find(sblsh, appId).map(this::ok).orElseGet(this::notFound);
    }

    /**
     * Defence in depth: a request that reached the window without the {@link WindowGuard}'s mark is refused, never
     * answered. It means a path the guard did not recognise as the window's; that is a defect, hence logged as one.
     */
    private WindowReply notAuthenticated() {
        log.error("a REST window request arrived without the window guard's authentication; refused");
        return Problems.reply(json, 401, WindowGuard.UNAUTHENTICATED, "请求被拒绝", "Request refused",
                List.of(new Violation("X-App-Signature", "auth:not-authenticated", "身份认证失败：请求未经签名认证",
                        "authentication failed: the request was not authenticated")));
    }

    /** Unknown, or another app's: the two are answered alike, so an app learns nothing of cases it did not submit. */
    private WindowReply notFound() {
        return Problems.reply(json, 404, "not-found", "办件不存在", "No such case", List.of(new Violation("SBLSH",
                "not-found", "未找到申办流水号对应的办件", "no case has this SBLSH")));
    }

    /** The answer when something unexpected failed: no internals, a hint to retry with the same SBLSH. */
    public WindowReply unavailable() {
        return Problems.reply(json, 503, "unavailable", "服务暂时不可用，请稍后以相同申办流水号重试",
                "Service temporarily unavailable; retry later with the same SBLSH",
                List.of(new Violation("$", "unavailable", "网关内部错误，办件未受理", "internal error; the case was not received")));
    }

    private WindowReply refuse(String appId, String sblsh, String bodySm3, int status, String reason, String titleZh,
                               String titleEn, List<Violation> violations) {
        intake.recordRefusal(new Refusal(Channel.REST, appId, sblsh, status, reason, violations, bodySm3));
        log.info("case refused at the REST window: {} {} with {} violation(s)", status, reason, violations.size());
        return Problems.reply(json, status, reason, titleZh, titleEn, violations);
    }

    private WindowReply ok(Object value) {
        try {
            return new WindowReply(200, JSON_UTF8, json.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }
}
