package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.forwarding.OutboundStatus;
import cn.gov.sc.rst.filingbridge.wiring.MaskingConverter;
import cn.gov.sc.rst.filingbridge.workflow.Calendar;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the console pages show, read straight from the tables (filing_case, case_event, case_clock, outbound_record,
 * ministry_report/receipt, skills_decision, mapping_failure, result_notice), always restricted to
 * the operator's {@link OperatorScope}. Remaining working days are counted by the working-day {@link Calendar} from
 * today (business clock, Sichuan time) to each clock's due date. Free text is masked (身份证号, 手机号).
 */
@Component
public class ConsoleReadModel {

    static final int PAGE = 50;

    private final JdbcClient jdbc;
    private final Calendar calendar;
    private final Clock clock;
    private final ObjectMapper json;

    ConsoleReadModel(JdbcClient jdbc, Calendar calendar, Clock clock, ObjectMapper json) {
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.clock = clock;
        this.json = json;
    }

    /** One run of a statutory clock with what is left of it today. */
    public record ClockView(String kind, LocalDate startDate, int workingDays, LocalDate dueDate, boolean provisional,
                            OffsetDateTime stoppedAt, String stopReason, int remaining, boolean overdue) {

        public boolean open() {
            return stoppedAt == null;
        }

        /** 受理审查 / 补正 / 备案审查: the clock's name in the notice's words. */
        public String label() {
            return switch (kind) {
                case "COMPLETENESS" -> "材料审查（5个工作日）";
                case "SUPPLEMENT" -> "补正（5个工作日）";
                case "FILING" -> "备案审查（15个工作日）";
                default -> kind;
            };
        }

        public String status() {
            if (!open()) {
                return "已停止" + (stopReason == null ? "" : "：" + stopReason);
            }
            return overdue ? "已超期 " + (-remaining) + " 个工作日 / overdue" : "剩余 " + remaining + " 个工作日";
        }
    }

    /** A case as the cases table lists it. */
    public record CaseRow(String caseId, String sblsh, String applicant, String creditCode, String caseType,
                          String state, String authorityName, String authorityArea, OffsetDateTime receivedAt,
                          List<ClockView> clocks) {

        public boolean overdue() {
            return clocks.stream().anyMatch(c -> c.open() && c.overdue());
        }
    }

    public record EventView(int seq, String type, String fromState, String toState, String actor, String reason,
                            String messageRef, OffsetDateTime at) {
    }

    public record OutboundView(long recordId, String target, int version, OutboundStatus status, int attempts,
                               String lastError, OffsetDateTime createdAt, OffsetDateTime deliveredAt,
                               String reportSignatureCert, List<ReceiptView> receipts) {
    }

    /** A ministry receipt: stored only once its signature verified (verified_at). */
    public record ReceiptView(String receiptId, String status, String reason, String signer, OffsetDateTime verifiedAt) {
    }

    /**
     * A decision the skills system posted. Only decisions whose SM2 signature verified (and whose signer is one of
     * {@code bridge.workflow.decision-signer-serials}) are stored in {@code skills_decision}; requests that fail the
     * signature are counted in {@code window_refusal_count} (channel SKILLS) instead, those of a foreign signer recorded
     * in {@code intake_refusal}. {@code outcome} says whether the decision
     * was applied or refused as not fitting the case's state.
     */
    public record DecisionView(String decisionId, String kind, String outcome, int httpStatus, String signatureCert,
                               OffsetDateTime receivedAt) {

        public boolean signatureVerified() {
            return true;
        }

        public boolean applied() {
            return httpStatus >= 200 && httpStatus < 300;
        }
    }

    /** A result notice (办理结果告知书) as issued: style, result code, filing number, and the certificates it was signed with. */
    public record NoticeView(String style, String bjjgdm, String filingNumber, OffsetDateTime issuedAt,
                             String textSignature, String pdfSignature) {
    }

    public record CaseDetail(CaseRow summary, String relatedSblsh, String channel, String areaCode,
                             String authorityReason, String contactMobile, List<EventView> events,
                             List<OutboundView> outbound, List<DecisionView> decisions, List<NoticeView> notices,
                             List<ClockView> clocks) {
    }

    /** A parked or dead outbound record, for the messages page. */
    public record StuckRecord(long recordId, String target, String caseId, String sblsh, String authorityArea,
                              int version, OutboundStatus status, int attempts, String reason,
                              OffsetDateTime updatedAt) {
    }

    /** The stuck records' query up to its WHERE; {@link #stuckRow} reads its rows. */
    private static final String STUCK_RECORD = """
            SELECT r.record_id, r.target, r.case_id, c.sblsh, c.authority_area, r.record_version, r.status,
              r.attempts, r.last_error, r.updated_at
            FROM outbound_record r JOIN filing_case c ON c.case_id = r.case_id
            """;

    public record OpenMappingFailure(long failureId, String caseId, String sblsh, String authorityArea, String field,
                                     String value, String rule, OffsetDateTime failedAt) {
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    /** One page of the case list: its rows, which page (from 0), the page size and how many cases match in all. */
    public record CasePage(List<CaseRow> rows, int page, int size, long total) {

        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public boolean hasPrevious() {
            return page > 0;
        }

        public boolean hasNext() {
            return (long) (page + 1) * size < total;
        }
    }

    /** The first page of {@link #cases(OperatorScope, Optional, Optional, int)}. */
    public List<CaseRow> cases(OperatorScope scope, Optional<String> state, Optional<String> q) {
        return cases(scope, state, q, 0).rows();
    }

    /**
     * Cases in scope, newest first, of one state (or all) whose SBLSH, applicant name or USCC contains {@code q}: page
     * {@code page} (from 0) of {@value #PAGE} rows, with the number of matching cases.
     */
    public CasePage cases(OperatorScope scope, Optional<String> state, Optional<String> q, int page) {
        String like = q.map(String::trim).filter(s -> !s.isEmpty()).map(s -> "%" + s.toLowerCase(Locale.ROOT) + "%")
                .orElse("%");
        String where = """
                FROM filing_case
                WHERE (:all = 1 OR authority_area = :area)
                  AND (:state = '*' OR state = :state)
                  AND (LOWER(sblsh) LIKE :q OR LOWER(applicant_name) LIKE :q OR LOWER(credit_code) LIKE :q)""";
        Map<String, Object> params = Map.of("all", scope.province() ? 1 : 0, "area", scope.area(),
                "state", state.filter(s -> !s.isBlank()).orElse("*"), "q", like);
        long total = jdbc.sql("SELECT COUNT(*) " + where).params(params).query(Long.class).single();
        int from = Math.max(0, page);
        List<CaseRow> rows = jdbc.sql("""
                SELECT case_id, sblsh, applicant_name, credit_code, case_type, state, authority_name, authority_area,
                  received_at
                """ + where + """

                ORDER BY received_at DESC, case_id LIMIT :limit OFFSET :offset""")
                .params(params).param("limit", PAGE).param("offset", (long) from * PAGE)
                .query((rs, i) -> new CaseRow(rs.getString(1), rs.getString(2), mask(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class), List.of()))
                .list();
        Map<String, List<ClockView>> clocks = openClocks(rows.stream().map(CaseRow::caseId).toList());
        return new CasePage(rows.stream().map(r -> new CaseRow(r.caseId(), r.sblsh(), r.applicant(), r.creditCode(),
                r.caseType(), r.state(), r.authorityName(), r.authorityArea(), r.receivedAt(),
                clocks.getOrDefault(r.caseId(), List.of()))).toList(), from, PAGE, total);
    }

    /** States present, for the filter. */
    public List<String> states() {
        return List.of("RECEIVED", "FORWARDED", "UNDER_REVIEW", "MATERIALS_INCOMPLETE", "SUPPLEMENT_REQUESTED",
                "SUPPLEMENTED", "FILED", "REFUSED", "TERMINATED", "CHANGED", "CANCELLED", "REVOKED");
    }

    /** One case with its whole timeline, when it exists and is in scope. */
    public Optional<CaseDetail> caseDetail(OperatorScope scope, String sblsh) {
        record Head(CaseRow row, String related, String channel, String area, String reason, String payload) {
        }
        Optional<Head> head = jdbc.sql("""
                SELECT case_id, sblsh, applicant_name, credit_code, case_type, state, authority_name, authority_area,
                  received_at, related_sblsh, channel, area_code, authority_reason, payload
                FROM filing_case WHERE sblsh = :sblsh""")
                .param("sblsh", sblsh)
                .query((rs, i) -> new Head(new CaseRow(rs.getString(1), rs.getString(2), mask(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class), List.of()), rs.getString(10), rs.getString(11),
                        rs.getString(12), mask(rs.getString(13)), rs.getString(14)))
                .optional()
                .filter(h -> h.row().authorityArea() == null ? scope.province() : scope.allows(h.row().authorityArea()));
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Head h = head.get();
        String caseId = h.row().caseId();
        List<ClockView> clocks = clocks(caseId, false);
        CaseRow row = new CaseRow(caseId, h.row().sblsh(), h.row().applicant(), h.row().creditCode(),
                h.row().caseType(), h.row().state(), h.row().authorityName(), h.row().authorityArea(),
                h.row().receivedAt(), clocks.stream().filter(ClockView::open).toList());
        return Optional.of(new CaseDetail(row, h.related(), h.channel(), h.area(), h.reason(),
                contactMobile(h.payload()), events(caseId), outbound(caseId), decisions(caseId), notices(caseId),
                clocks));
    }

    /** PARKED, DEAD and HELD outbound records in scope, oldest first (HELD ones go on by themselves; shown to explain the wait). */
    public List<StuckRecord> stuckRecords(OperatorScope scope) {
        return jdbc.sql(STUCK_RECORD + """
                WHERE r.status IN (:replayable) AND (:all = 1 OR c.authority_area = :area)
                ORDER BY r.record_id""")
                .param("replayable", Arrays.stream(OutboundStatus.values())
                        .filter(st -> st.replayable() || st == OutboundStatus.HELD).map(Enum::name).toList())
                .param("all", scope.province() ? 1 : 0).param("area", scope.area())
                .query(ConsoleReadModel::stuckRow)
                .list();
    }

    /** One outbound record's case area and status, for checking a replay against the operator's scope. */
    public Optional<StuckRecord> stuckRecord(long recordId) {
        return jdbc.sql(STUCK_RECORD + "WHERE r.record_id = :id")
                .param("id", recordId)
                .query(ConsoleReadModel::stuckRow)
                .optional();
    }

    private static StuckRecord stuckRow(ResultSet rs, int row) throws SQLException {
        return new StuckRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), OutboundStatus.valueOf(rs.getString(7)), rs.getInt(8), mask(rs.getString(9)),
                rs.getObject(10, OffsetDateTime.class));
    }

    /** Open mapping failures in scope (a case not yet assigned to an authority is the province's). */
    public List<OpenMappingFailure> mappingFailures(OperatorScope scope) {
        return jdbc.sql("""
                SELECT f.failure_id, f.case_id, c.sblsh, c.authority_area, f.field_path, f.found_value, f.rule_broken,
                  f.failed_at
                FROM mapping_failure f JOIN filing_case c ON c.case_id = f.case_id
                WHERE f.resolved_at IS NULL AND (:all = 1 OR c.authority_area = :area) ORDER BY f.failure_id""")
                .param("all", scope.province() ? 1 : 0).param("area", scope.area())
                .query((rs, i) -> new OpenMappingFailure(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), mask(rs.getString(6)), mask(rs.getString(7)),
                        rs.getObject(8, OffsetDateTime.class)))
                .list();
    }

    /** The handling authority's area of a case, empty when the case does not exist; "" when not yet assigned. */
    public Optional<String> authorityAreaOf(String caseId) {
        return jdbc.sql("SELECT COALESCE(authority_area, '') FROM filing_case WHERE case_id = :id").param("id", caseId)
                .query(String.class).optional();
    }

    private List<EventView> events(String caseId) {
        return jdbc.sql("""
                SELECT seq, event_type, from_state, to_state, actor, reason, message_ref, occurred_at
                FROM case_event WHERE case_id = :id ORDER BY seq""")
                .param("id", caseId)
                .query((rs, i) -> new EventView(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), mask(rs.getString(6)), rs.getString(7), rs.getObject(8, OffsetDateTime.class)))
                .list();
    }

    private List<OutboundView> outbound(String caseId) {
        record Row(long id, String target, int version, OutboundStatus status, int attempts, String error,
                   OffsetDateTime created, OffsetDateTime delivered, String cert) {
        }
        List<Row> rows = jdbc.sql("""
                SELECT r.record_id, r.target, r.record_version, r.status, r.attempts, r.last_error, r.created_at,
                  r.delivered_at, m.signature_cert
                FROM outbound_record r LEFT JOIN ministry_report m ON m.record_id = r.record_id
                WHERE r.case_id = :id ORDER BY r.record_id""")
                .param("id", caseId)
                .query((rs, i) -> new Row(rs.getLong(1), rs.getString(2), rs.getInt(3),
                        OutboundStatus.valueOf(rs.getString(4)), rs.getInt(5),
                        mask(rs.getString(6)), rs.getObject(7, OffsetDateTime.class),
                        rs.getObject(8, OffsetDateTime.class), rs.getString(9)))
                .list();
        Map<Long, List<ReceiptView>> receipts = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT t.record_id, t.receipt_id, t.receipt_status, t.reason, t.signer_subject, t.verified_at
                FROM ministry_receipt t JOIN outbound_record r ON r.record_id = t.record_id
                WHERE r.case_id = :id ORDER BY t.receipt_row_id""")
                .param("id", caseId)
                .query((rs, i) -> Map.entry(rs.getLong(1), new ReceiptView(rs.getString(2), rs.getString(3),
                        mask(rs.getString(4)), rs.getString(5), rs.getObject(6, OffsetDateTime.class))))
                .list()
                .forEach(e -> receipts.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return rows.stream().map(r -> new OutboundView(r.id(), r.target(), r.version(), r.status(), r.attempts(),
                r.error(), r.created(), r.delivered(), r.cert(), receipts.getOrDefault(r.id(), List.of()))).toList();
    }

    private List<DecisionView> decisions(String caseId) {
        return jdbc.sql("""
                SELECT decision_id, decision_kind, outcome, http_status, signature_cert, received_at
                FROM skills_decision WHERE case_id = :id ORDER BY received_at, decision_id""")
                .param("id", caseId)
                .query((rs, i) -> new DecisionView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class)))
                .list();
    }

    /**
     * Result notices issued (办理结果告知书, table {@code result_notice} of V5): the text and the PDF are each signed
     * (SM2); shown with algorithm and certificate serial.
     */
    private List<NoticeView> notices(String caseId) {
        return jdbc.sql("""
                SELECT style, bjjgdm, filing_number, issued_at, text_sig_alg, text_sig_cert, pdf_sig_alg, pdf_sig_cert
                FROM result_notice WHERE case_id = :id ORDER BY issued_at, style""")
                .param("id", caseId)
                .query((rs, i) -> new NoticeView(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5) + " " + rs.getString(6),
                        rs.getString(7) + " " + rs.getString(8)))
                .list();
    }

    private List<ClockView> clocks(String caseId, boolean openOnly) {
        return openClocks(List.of(caseId), openOnly).getOrDefault(caseId, List.of());
    }

    private Map<String, List<ClockView>> openClocks(Collection<String> caseIds) {
        return openClocks(caseIds, true);
    }

    private Map<String, List<ClockView>> openClocks(Collection<String> caseIds, boolean openOnly) {
        Map<String, List<ClockView>> byCase = new LinkedHashMap<>();
        if (caseIds.isEmpty()) {
            return byCase;
        }
        LocalDate today = today();
        jdbc.sql("""
                SELECT case_id, clock_kind, start_date, working_days, due_date, provisional,
                  COALESCE(stopped_at, expired_at),
                  COALESCE(stop_reason, CASE WHEN expired_at IS NOT NULL THEN '期限届满 / the time limit ended' END)
                FROM case_clock
                WHERE case_id IN (:ids) AND (:openOnly = 0 OR (stopped_at IS NULL AND expired_at IS NULL))
                ORDER BY started_at, clock_id""")
                .param("ids", caseIds).param("openOnly", openOnly ? 1 : 0)
                .query((rs, i) -> {
                    LocalDate due = rs.getObject(5, LocalDate.class);
                    OffsetDateTime stopped = rs.getObject(7, OffsetDateTime.class);
                    LocalDate end = stopped == null ? today : stopped.atZoneSameInstant(clock.getZone()).toLocalDate();
                    int remaining = calendar.remaining(end, due);
                    return Map.entry(rs.getString(1), new ClockView(rs.getString(2), rs.getObject(3, LocalDate.class),
                            rs.getInt(4), due, rs.getBoolean(6), stopped, mask(rs.getString(8)), remaining,
                            end.isAfter(due)));
                })
                .list()
                .forEach(e -> byCase.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byCase;
    }

    /** The contact mobile (LXRSJ) of the submission, masked: 138****5678. */
    private String contactMobile(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            String mobile = node.path("LXRSJ").asText("");
            return mobile.isEmpty() ? "" : MaskingConverter.mask(mobile);
        } catch (IOException e) {
            return "";
        }
    }

    static String mask(String text) {
        return text == null ? null : MaskingConverter.mask(text);
    }
}
