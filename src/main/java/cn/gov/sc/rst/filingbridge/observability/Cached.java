package cn.gov.sc.rst.filingbridge.observability;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A value recomputed at most once per {@code ttl}, so that a scrape of many gauges runs each query once. Timed on
 * the monotonic {@link System#nanoTime()} (an interval, not the business time the {@code Clock} gives).
 */
final class Cached<T> {

    private final Supplier<T> source;
    private final long ttlNanos;
    private T value;
    private long loadedAt;
    private boolean loaded;

    Cached(Duration ttl, Supplier<T> source) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
    }

    synchronized T get() {
        long now = System.nanoTime();
        if (!loaded || now - loadedAt >= ttlNanos) {
            value = source.get();
            loadedAt = now;
            loaded = true;
        }
        return value;
    }
}
