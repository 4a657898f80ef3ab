package cn.gov.sc.rst.filingbridge.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * When more window requests wait than {@code spring.task.execution.pool.queue-capacity} allows (the REST window's
 * routes run on that pool, {@code max-size} at a time), the request is answered at once with 503, {@code Retry-After}
 * and a problem+json saying so in Chinese and English, instead of queueing without bound while the platform's own
 * timeout runs out. Nothing of the case is stored: the platform retries with the same SBLSH. Each refusal counts in
 * {@code bridge.intake.busy}; a WARN line says so at most every ten seconds.
 */
@RestControllerAdvice
class WindowOverload {

    private static final Logger log = LoggerFactory.getLogger(WindowOverload.class);
    static final String RETRY_AFTER_SECONDS = "5";
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final ObjectMapper json;
    private final Counter busy;
    private final AtomicLong lastWarned = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    WindowOverload(ObjectMapper json, MeterRegistry meters) {
        this.json = json;
        this.busy = Counter.builder("bridge.intake.busy")
                .description("Window requests refused with 503 because too many were waiting").register(meters);
    }

    @ExceptionHandler(RejectedExecutionException.class)
    ResponseEntity<byte[]> busy(RejectedExecutionException e) {
        busy.increment();
        long now = System.nanoTime();
        long last = lastWarned.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarned.compareAndSet(last, now)) {
            log.warn("window busy: requests refused with 503 (too many waiting; bridge.intake.busy counts them): {}",
                    e.toString());
        }
        WindowReply reply = Problems.reply(json, 503, "busy", "网关繁忙，请稍后以相同申办流水号重试",
                "The gateway is busy; retry later with the same SBLSH",
                List.of(new Violation("$", "busy", "等待处理的请求已满，办件未受理",
                        "too many requests are waiting; the case was not received")));
        return ResponseEntity.status(reply.status()).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .contentType(MediaType.parseMediaType(reply.contentType())).body(reply.body());
    }
}
