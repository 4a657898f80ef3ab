package cn.gov.sc.rst.filingbridge.load;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Closed-loop load: each of N clients submits a new case (unique SBLSH), waits for the answer, and submits the next,
 * until {@link #stop()}. Every answer or failure goes to the sink, from the client's thread.
 */
public final class CasePusher {

    /** One submission: its SBLSH, the HTTP status (0 when no answer came), the answer body, the failure if any. */
    public record Outcome(String sblsh, int status, String body, long startNanos, long endNanos, Exception failure) {
        public boolean receipted() {
            return status == 200;
        }

        public long latencyNanos() {
            return endNanos - startNanos;
        }
    }

    private final WindowClient client;
    private final CaseBodies bodies;
    private final int clients;
    private final String sblshPrefix;
    private final Consumer<Outcome> sink;
    private final Duration pause;
    private final ExecutorService workers;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    /** sblshPrefix: unique per run, so that SBLSHs never repeat across runs on the same database. */
    public CasePusher(WindowClient client, CaseBodies bodies, int clients, String sblshPrefix, Consumer<Outcome> sink) {
        this(client, bodies, clients, sblshPrefix, Duration.ZERO, sink);
    }

    /**
     * Each client waits {@code pause} after each answer before its next submission: a steady, modest load (a fault
     * suite's or a soak's) rather than as much as the gateway takes.
     */
    public CasePusher(WindowClient client, CaseBodies bodies, int clients, String sblshPrefix, Duration pause,
                      Consumer<Outcome> sink) {
        this.pause = pause;
        this.client = client;
        this.bodies = bodies;
        this.clients = clients;
        this.sblshPrefix = sblshPrefix;
        this.sink = sink;
        AtomicInteger threadNo = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "case-pusher-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("already started");
        }
        for (int i = 0; i < clients; i++) {
            workers.execute(this::loop);
        }
    }

    /** Asks every client to stop after its current request. */
    public void stop() {
        running.set(false);
        workers.shutdown();
    }

    /** Stops and waits until every client has had its last answer (or failure). */
    public boolean stopAndAwait(Duration timeout) throws InterruptedException {
        stop();
        return workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Requests sent and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    private void loop() {
        while (running.get()) {
            String sblsh = sblshPrefix + sequence.incrementAndGet();
            byte[] body = bodies.newFiling(sblsh);
            inFlight.incrementAndGet();
            long start = System.nanoTime();
            Outcome outcome;
            try {
                HttpResponse<String> response = client.submit(body);
                outcome = new Outcome(sblsh, response.statusCode(), response.body(), start, System.nanoTime(), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                outcome = new Outcome(sblsh, 0, null, start, System.nanoTime(), e);
            } catch (Exception e) {
                outcome = new Outcome(sblsh, 0, null, start, System.nanoTime(), e);
            } finally {
                inFlight.decrementAndGet();
            }
            sink.accept(outcome);
            if (outcome.failure() instanceof InterruptedException) {
                return;
            }
            if (!pause.isZero()) {
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
