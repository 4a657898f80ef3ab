package cn.gov.sc.rst.filingbridge.console;

import cn.gov.sc.rst.filingbridge.forwarding.Deliveries;
import cn.gov.sc.rst.filingbridge.forwarding.DeliveryTarget;
import cn.gov.sc.rst.filingbridge.mapping.SkillsRecords;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operators' API: records parked by a peer's refusal or dead-lettered after the retry schedule (of every target, or
 * of one: {@code target=SKILLS|MINISTRY}), cases whose mapping failed, each with its reason; and replay of one or all.
 * Every replay is recorded in the case's history with the operator's name.
 */
@RestController
@RequestMapping("/api/ops/v1")
class OperationsApi {

    private static final Set<String> REPLAYABLE = Set.of("PARKED", "DEAD");
    private final Deliveries deliveries;
    private final SkillsRecords records;

    OperationsApi(Deliveries deliveries, SkillsRecords records) {
        this.deliveries = deliveries;
        this.records = records;
    }

    @GetMapping("/deliveries")
    ResponseEntity<?> deliveries(@RequestParam(defaultValue = "PARKED") String status,
                                 @RequestParam Optional<String> target) {
        if (!REPLAYABLE.contains(status) && !"PENDING".equals(status) && !"DELIVERED".equals(status)) {
            return ResponseEntity.badRequest().body(Map.of("error", "status must be PARKED, DEAD, PENDING or DELIVERED"));
        }
        Optional<Optional<DeliveryTarget>> of = target(target);
        if (of.isEmpty()) {
            return badTarget();
        }
        return ResponseEntity.ok(deliveries.records(of.get(), status));
    }

    @PostMapping("/deliveries/{recordId}/replay")
    ResponseEntity<?> replayOne(@PathVariable long recordId, @RequestParam String status, Principal operator) {
        if (!REPLAYABLE.contains(status)) {
            return ResponseEntity.badRequest().body(Map.of("error", "only PARKED or DEAD records are replayed"));
        }
        int replayed = deliveries.replay(Optional.empty(), Optional.of(recordId), status, operator.getName());
        return replayed == 0 ? ResponseEntity.notFound().build() : ResponseEntity.ok(Map.of("replayed", replayed));
    }

    @PostMapping("/deliveries/replay")
    ResponseEntity<?> replayAll(@RequestParam String status, @RequestParam Optional<String> target,
                                Principal operator) {
        if (!REPLAYABLE.contains(status)) {
            return ResponseEntity.badRequest().body(Map.of("error", "only PARKED or DEAD records are replayed"));
        }
        Optional<Optional<DeliveryTarget>> of = target(target);
        if (of.isEmpty()) {
            return badTarget();
        }
        return ResponseEntity.ok(Map.of("replayed",
                deliveries.replay(of.get(), Optional.empty(), status, operator.getName())));
    }

    /** Empty when the parameter names no target; otherwise the target asked for, or every target when absent. */
    private static Optional<Optional<DeliveryTarget>> target(Optional<String> parameter) {
        if (parameter.isEmpty()) {
            return Optional.of(Optional.empty());
        }
        return Arrays.stream(DeliveryTarget.values()).filter(t -> t.name().equals(parameter.get())).findFirst()
                .map(Optional::of);
    }

    private static ResponseEntity<?> badTarget() {
        return ResponseEntity.badRequest().body(Map.of("error", "target must be one of "
                + Arrays.toString(DeliveryTarget.values())));
    }

    @GetMapping("/mapping-failures")
    List<SkillsRecords.MappingFailure> mappingFailures() {
        return records.openFailures();
    }

    @PostMapping("/mapping-failures/{caseId}/replay")
    ResponseEntity<?> replayMapping(@PathVariable String caseId, Principal operator) {
        int replayed = records.replay(Optional.of(caseId), operator.getName());
        return replayed == 0 ? ResponseEntity.notFound().build() : ResponseEntity.ok(Map.of("replayed", replayed));
    }

    @PostMapping("/mapping-failures/replay")
    Map<String, Integer> replayAllMappings(Principal operator) {
        return Map.of("replayed", records.replay(Optional.empty(), operator.getName()));
    }
}
