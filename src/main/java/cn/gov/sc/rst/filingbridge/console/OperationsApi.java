package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.forwarding.DeadLetterReplay;
import cn.gov.sc.rst.filingbridge.forwarding.Deliveries;
import cn.gov.sc.rst.filingbridge.forwarding.DeliveryTarget;
import cn.gov.sc.rst.filingbridge.forwarding.OutboundStatus;
import cn.gov.sc.rst.filingbridge.directory.DirectorySnapshots;
import cn.gov.sc.rst.filingbridge.mapping.CodeTablesRefusedException;
import cn.gov.sc.rst.filingbridge.mapping.SkillsRecords;
import cn.gov.sc.rst.filingbridge.signing.SigningException;
import cn.gov.sc.rst.filingbridge.wiring.ClockConfig;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import cn.gov.sc.rst.filingbridge.workflow.CalendarReload;
import java.io.IOException;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' API: records parked by a peer's refusal or dead-lettered after the retry schedule (of every target, or
 * of one: {@code target=SKILLS|MINISTRY}), cases whose mapping failed, each with its reason; and replay of one or all.
 * Every dead-letter queue the broker has ({@code /dead-letters}: each with its depth and letters) and replay of a letter.
 * Every replay is recorded in the case's history with the operator's name and in {@code operator_action}. A 市（州）
 * operator sees and replays only the cases of that 市（州）'s authority ({@link OperatorScope}).
 */
@RestController
@RequestMapping("/api/ops/v1")
class OperationsApi {

    private final Deliveries deliveries;
    private final SkillsRecords records;
    private final ConsoleReadModel model;
    private final OperatorScopes scopes;
    private final OperatorActions actions;
    private final CalendarReload calendar;
    private final DirectorySnapshots snapshots;
    private final InstitutionImport institutions;
    private final DeadLetterReplay deadLetters;

    OperationsApi(Deliveries deliveries, SkillsRecords records, ConsoleReadModel model, OperatorScopes scopes,
                  OperatorActions actions, CalendarReload calendar, DirectorySnapshots snapshots,
                  InstitutionImport institutions, DeadLetterReplay deadLetters) {
        this.institutions = institutions;
        this.deadLetters = deadLetters;
        this.calendar = calendar;
        this.snapshots = snapshots;
        this.deliveries = deliveries;
        this.records = records;
        this.model = model;
        this.scopes = scopes;
        this.actions = actions;
    }

    private boolean caseInScope(OperatorScope scope, String caseId) {
        return scope.province() || model.authorityAreaOf(caseId)
                .map(area -> ConsoleController.inScope(scope, area)).orElse(false);
    }

    /**
     * Reads the working-day calendar files again (a new year's {@code <year>.json} put in {@code bridge.calendar.dir})
     * and recounts the open provisional deadlines. Province operators only: the calendar is the whole province's.
     */
    @PostMapping("/calendar/reload")
    ResponseEntity<?> reloadCalendar(Principal operator) {
        OperatorScope scope = scopes.of(operator);
        if (!scope.province()) {
            actions.record(scope.operator(), scope.area(), OperatorActions.RELOAD_CALENDAR, "calendar", "refused");
            return refused(403, "province-only", "只有省级操作员可以重新加载工作日历 / only a province operator may reload the calendar", null);
        }
        try {
            CalendarReload.Result result = calendar.reload();
            actions.record(scope.operator(), scope.area(), OperatorActions.RELOAD_CALENDAR, "calendar",
                    "years " + result.years() + ", " + result.recounted() + " deadline(s) recounted");
            return ResponseEntity.ok(result);
        } catch (IOException e) {
            actions.record(scope.operator(), scope.area(), OperatorActions.RELOAD_CALENDAR, "calendar",
                    "failed: " + e.getMessage());
            return refused(422, "invalid-calendar", "工作日历文件有误，未重新加载，仍使用原日历 / the calendar files are wrong; nothing was"
                    + " reloaded: " + e.getMessage(), null);
        }
    }

    /**
     * Imports institutions filed before the gateway existed, each with the authority that filed it (CSV with the
     * header {@code BAH,name,authority}, or a JSON array of such objects), so that their 变更 and 注销 go to that
     * authority. Province operators only. A file with a bad row imports nothing: 400 with every bad row; importing again
     * changes nothing. Recorded in {@code operator_action} either way.
     */
    @PostMapping("/institutions/import")
    ResponseEntity<?> importInstitutions(@org.springframework.web.bind.annotation.RequestBody(required = false)
                                         String body,
                                         @org.springframework.web.bind.annotation.RequestHeader(
                                                 value = "Content-Type", required = false) String contentType,
                                         Principal operator) {
        OperatorScope scope = scopes.of(operator);
        if (!scope.province()) {
            actions.record(scope.operator(), scope.area(), OperatorActions.IMPORT_INSTITUTIONS, "institutions",
                    "refused: not a province operator");
            return refused(403, "province-only", "只有省级操作员可以导入备案机构 / only a province operator may import institutions", null);
        }
        boolean isJson = contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
        InstitutionImport.Result result = institutions.run(body == null ? "" : body, isJson, scope.operator());
        if (result.refused()) {
            actions.record(scope.operator(), scope.area(), OperatorActions.IMPORT_INSTITUTIONS, "institutions",
                    "refused: " + result.errors().size() + " bad row(s), nothing imported");
            var problem = cn.gov.sc.rst.filingbridge.wiring.ProblemJson.of(400, "invalid-import",
                    "导入文件有误，未导入任何机构 / the file has bad rows; nothing was imported");
            problem.setProperty("errors", result.errors());
            return ResponseEntity.badRequest().body(problem);
        }
        actions.record(scope.operator(), scope.area(), OperatorActions.IMPORT_INSTITUTIONS, "institutions",
                result.outcomes().entrySet().stream().map(e -> e.getValue().size() + " " + e.getKey())
                        .collect(java.util.stream.Collectors.joining(", ")));
        return ResponseEntity.ok(Map.of("outcomes", result.outcomes()));
    }

    /**
     * Takes the signed directory snapshot of a date (default: today) now, as the daily schedule does. Province operators
     * only (403, recorded): the directory is the whole province's. The date must be today or earlier in Sichuan
     * (the business clock) — a later date would publish today's register under a day still to come (400, recorded). A date's
     * snapshot is never replaced: a date already taken answers 200 with the stored snapshot and {@code created: false}.
     */
    @PostMapping("/directory/snapshots")
    ResponseEntity<?> takeSnapshot(@RequestParam(required = false) String date, Principal operator)
            throws SigningException {
        OperatorScope scope = scopes.of(operator);
        String target = "directory " + (date == null || date.isBlank() ? "today" : date.strip());
        if (!scope.province()) {
            actions.record(scope.operator(), scope.area(), OperatorActions.TAKE_SNAPSHOT, target, "refused: not a"
                    + " province operator");
            return refused(403, "province-only", "只有省级操作员可以生成目录快照 / only a province operator may take a directory snapshot",
                    null);
        }
        LocalDate today = snapshots.today();
        LocalDate day;
        try {
            day = date == null || date.isBlank() ? today : LocalDate.parse(date.strip());
        } catch (DateTimeParseException e) {
            actions.record(scope.operator(), scope.area(), OperatorActions.TAKE_SNAPSHOT, target,
                    "refused: date is not YYYY-MM-DD");
            return refused(400, "invalid-date", "快照日期须为 YYYY-MM-DD / the snapshot date must be YYYY-MM-DD", "date");
        }
        if (day.isAfter(today)) {
            actions.record(scope.operator(), scope.area(), OperatorActions.TAKE_SNAPSHOT, "directory " + day,
                    "refused: after today " + today);
            return refused(400, "date-after-today", "快照日期 " + day + " 晚于今天（" + today + "，" + ClockConfig.BUSINESS_ZONE_ID + "），只能为今天或更早"
                    + " / the snapshot date " + day + " is after today (" + today + ", " + ClockConfig.BUSINESS_ZONE_ID + "); it must be today"
                    + " or earlier", "date");
        }
        boolean existed = snapshots.find(day).isPresent();
        DirectorySnapshots.Snapshot s = snapshots.take(day);
        actions.record(scope.operator(), scope.area(), OperatorActions.TAKE_SNAPSHOT, "directory " + day,
                (existed ? "already taken, kept: " : "") + s.institutions() + " institution(s), SM3 "
                        + s.contentSm3());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("date", s.date().toString());
        body.put("created", !existed);
        body.put("institutions", s.institutions());
        body.put("contentSm3", s.contentSm3());
        body.put("certificateSerial", s.certificateSerial());
        body.put("createdAt", s.createdAt().toString());
        if (existed) {
            body.put("message", "该日期的快照已存在，不会替换，返回已存快照 / the date's snapshot exists and is never replaced;"
                    + " the stored one is returned");
        }
        return ResponseEntity.ok(body);
    }

    @GetMapping("/deliveries")
    ResponseEntity<?> deliveries(@RequestParam(defaultValue = "PARKED") String status,
                                 @RequestParam Optional<String> target, Principal operator) {
        Optional<OutboundStatus> asked = OutboundStatus.parse(status);
        if (asked.isEmpty()) {
            return refused(400, "invalid-status", "状态须为 PARKED、DEAD、HELD、PENDING 或 DELIVERED / status must be"
                    + " PARKED, DEAD, HELD, PENDING or DELIVERED", "status");
        }
        Optional<Optional<DeliveryTarget>> of = target(target);
        if (of.isEmpty()) {
            return badTarget();
        }
        OperatorScope scope = scopes.of(operator);
        return ResponseEntity.ok(deliveries.records(of.get(), asked.get()).stream()
                .filter(r -> caseInScope(scope, r.caseId())).map(OperationsApi::masked).toList());
    }

    /**
     * A peer's error text is stored as the peer sent it and may quote the record (an ID or mobile number): masked here
     * as on the console's screens.
     */
    private static Deliveries.RecordView masked(Deliveries.RecordView r) {
        return new Deliveries.RecordView(r.recordId(), r.target(), r.caseId(), r.sblsh(), r.version(), r.status(),
                r.attempts(), ConsoleReadModel.mask(r.lastError()), r.updatedAt());
    }

    /** The value a mapping could not map is the case's own data: masked here as on the console's screens. */
    private static SkillsRecords.MappingFailure masked(SkillsRecords.MappingFailure f) {
        return new SkillsRecords.MappingFailure(f.failureId(), f.caseId(), f.sblsh(), f.field(),
                ConsoleReadModel.mask(f.value()), ConsoleReadModel.mask(f.rule()), f.failedAt());
    }

    @PostMapping("/deliveries/{recordId}/replay")
    ResponseEntity<?> replayOne(@PathVariable long recordId, @RequestParam String status, Principal operator) {
        Optional<OutboundStatus> from = OutboundStatus.parse(status).filter(OutboundStatus::replayable);
        if (from.isEmpty()) {
            return refused(400, "invalid-status", "只重放 PARKED 或 DEAD 的消息 / only PARKED or DEAD records are replayed",
                    "status");
        }
        OperatorScope scope = scopes.of(operator);
        Optional<ConsoleReadModel.StuckRecord> record = model.stuckRecord(recordId);
        if (record.isPresent() && !ConsoleController.inScope(scope, record.get().authorityArea())) {
            actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DELIVERY, "outbound_record " + recordId,
                    "拒绝：不在您的管辖范围内 / refused: not in the operator's area");
            return refused(403, "out-of-area", "该消息不在您的管辖范围内 / this message is not in your area", null);
        }
        int replayed = deliveries.replay(Optional.empty(), Optional.of(recordId), from.get(), operator.getName());
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DELIVERY, "outbound_record " + recordId,
                "api: replayed " + replayed + " from " + status);
        return replayed == 0 ? ResponseEntity.notFound().build() : ResponseEntity.ok(Map.of("replayed", replayed));
    }

    @PostMapping("/deliveries/replay")
    ResponseEntity<?> replayAll(@RequestParam String status, @RequestParam Optional<String> target,
                                Principal operator) {
        Optional<OutboundStatus> from = OutboundStatus.parse(status).filter(OutboundStatus::replayable);
        if (from.isEmpty()) {
            return refused(400, "invalid-status", "只重放 PARKED 或 DEAD 的消息 / only PARKED or DEAD records are replayed",
                    "status");
        }
        Optional<Optional<DeliveryTarget>> of = target(target);
        if (of.isEmpty()) {
            return badTarget();
        }
        OperatorScope scope = scopes.of(operator);
        int replayed;
        if (scope.province()) {
            replayed = deliveries.replay(of.get(), Optional.empty(), from.get(), operator.getName());
        } else {
            replayed = 0;
            for (Deliveries.RecordView r : deliveries.records(of.get(), from.get())) {
                if (caseInScope(scope, r.caseId())) {
                    replayed += deliveries.replay(of.get(), Optional.of(r.recordId()), from.get(), operator.getName());
                }
            }
        }
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DELIVERY,
                "all " + status + " " + target.orElse("*"), "api: replayed " + replayed);
        return ResponseEntity.ok(Map.of("replayed", replayed));
    }

    /**
     * Every dead-letter queue (the routes' {@code .DLQ}s and the broker's {@code bridge.dead-letter}, as the broker has
     * them) with its depth and its letters in the operator's scope: the case and record each carries, the reason and
     * when it was dead-lettered.
     */
    @GetMapping("/dead-letters")
    List<DeadLetterReplay.QueueView> deadLetters(Principal operator) throws jakarta.jms.JMSException {
        OperatorScope scope = scopes.of(operator);
        return deadLetters.queues(l -> ConsoleController.inScope(scope, l.authorityArea()));
    }

    /**
     * Replays one dead letter ({@link DeadLetterReplay#replay}): back to the queue it came from, its record PENDING again
     * when it was DEAD, its copy gone from the dead-letter queue. A letter outside the operator's scope is refused (403),
     * one no longer there is 404; recorded either way.
     */
    @PostMapping("/dead-letters/replay")
    ResponseEntity<?> replayDeadLetter(@RequestParam String queue, @RequestParam String messageId,
                                       Principal operator) throws jakarta.jms.JMSException {
        OperatorScope scope = scopes.of(operator);
        String what = "dead letter " + queue + " " + messageId;
        if (!messageId.matches("ID:[0-9A-Za-z:\\-]{1,100}")) {
            actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DEAD_LETTER, what,
                    "refused: not a message id");
            return refused(400, "invalid-message-id", "消息编号格式有误 / messageId is not a JMS message id", "messageId");
        }
        Optional<DeadLetterReplay.LetterView> letter = deadLetters.letter(queue, messageId);
        if (letter.isEmpty()) {
            actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DEAD_LETTER, what,
                    "not found: no such letter on a dead-letter queue");
            return ResponseEntity.notFound().build();
        }
        if (!ConsoleController.inScope(scope, letter.get().authorityArea())) {
            actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DEAD_LETTER, what,
                    "拒绝：不在您的管辖范围内 / refused: not in the operator's area");
            return refused(403, "out-of-area", "该消息不在您的管辖范围内 / this message is not in your area", null);
        }
        DeadLetterReplay.Outcome outcome = deadLetters.replay(queue, messageId, operator.getName());
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_DEAD_LETTER, what,
                "api: " + outcome + describe(letter.get()));
        return outcome == DeadLetterReplay.Outcome.GONE ? ResponseEntity.notFound().build()
                : ResponseEntity.ok(Map.of("outcome", outcome.name(), "origin", String.valueOf(letter.get().origin())));
    }

    /** " (record KEY, case SBLSH)" for the operator's record of a dead-letter replay. */
    static String describe(DeadLetterReplay.LetterView letter) {
        return " to " + letter.origin() + (letter.recordKey() == null ? "" : ", record " + letter.recordKey())
                + (letter.sblsh() == null ? "" : ", case " + letter.sblsh());
    }

    /** Empty when the parameter names no target; otherwise the target asked for, or every target when absent. */
    private static Optional<Optional<DeliveryTarget>> target(Optional<String> parameter) {
        if (parameter.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        return Arrays.stream(DeliveryTarget.values()).filter(t -> t.name().equals(parameter.get())).findFirst()
                .map(Optional::of);
    }

    /**
     * An operator request refused: problem+json (the one writer, {@link cn.gov.sc.rst.filingbridge.wiring.ProblemJson})
     * with the message in Chinese and English as its detail, and, for clients of the first wave, the same message as
     * {@code error} and the field as {@code field}.
     */
    private static ResponseEntity<?> refused(int status, String reason, String message, String field) {
        String title = switch (status) {
            case 403 -> "无权执行该操作 / Forbidden";
            case 422 -> "无法处理 / Unprocessable";
            default -> "请求有误 / Bad request";
        };
        var problem = cn.gov.sc.rst.filingbridge.wiring.ProblemJson.of(status, reason, title, message);
        if (field != null) {
            problem.setProperty("field", field);
        }
        problem.setProperty("error", message);
        return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ResponseEntity<?> badTarget() {
        return refused(400, "invalid-target", "目标须为 " + Arrays.toString(DeliveryTarget.values()) + " 之一 / target must be"
                + " one of " + Arrays.toString(DeliveryTarget.values()), "target");
    }

    /** A mapping replay refused because the code tables cannot be read again: 422 with the reason, recorded. */
    @ExceptionHandler(CodeTablesRefusedException.class)
    ResponseEntity<?> codeTablesRefused(CodeTablesRefusedException e, Principal operator) {
        OperatorScope scope = scopes.of(operator);
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_MAPPING, "code tables",
                "拒绝 / refused: " + e.getMessage());
        return refused(422, "invalid-code-tables", e.getMessage(), null);
    }

    @GetMapping("/mapping-failures")
    List<SkillsRecords.MappingFailure> mappingFailures(Principal operator) {
        OperatorScope scope = scopes.of(operator);
        return records.openFailures().stream().filter(f -> caseInScope(scope, f.caseId())).map(OperationsApi::masked)
                .toList();
    }

    @PostMapping("/mapping-failures/{caseId}/replay")
    ResponseEntity<?> replayMapping(@PathVariable String caseId, Principal operator) {
        OperatorScope scope = scopes.of(operator);
        if (model.authorityAreaOf(caseId).isPresent() && !caseInScope(scope, caseId)) {
            actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_MAPPING, "case " + caseId,
                    "拒绝：不在您的管辖范围内 / refused: not in the operator's area");
            return refused(403, "out-of-area", "该办件不在您的管辖范围内 / this case is not in your area", null);
        }
        int replayed = records.replay(Optional.of(caseId), operator.getName());
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_MAPPING, "case " + caseId,
                "api: replayed " + replayed);
        return replayed == 0 ? ResponseEntity.notFound().build() : ResponseEntity.ok(Map.of("replayed", replayed));
    }

    @PostMapping("/mapping-failures/replay")
    Map<String, Integer> replayAllMappings(Principal operator) {
        OperatorScope scope = scopes.of(operator);
        int replayed;
        if (scope.province()) {
            replayed = records.replay(Optional.empty(), operator.getName());
        } else {
            replayed = 0;
            for (String caseId : records.openFailures().stream().map(SkillsRecords.MappingFailure::caseId).distinct()
                    .filter(id -> caseInScope(scope, id)).toList()) {
                replayed += records.replay(Optional.of(caseId), operator.getName());
            }
        }
        actions.record(scope.operator(), scope.area(), OperatorActions.REPLAY_MAPPING, "all",
                "api: replayed " + replayed);
        return Map.of("replayed", replayed);
    }
}
