package io.maestro.server.hook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} calls per key (a remote address) in each fixed window of time. The hook
 * routes have no bearer token, so this is what keeps a caller from guessing tokens or flooding
 * the deploy queue. Windows of idle keys are forgotten as new windows start.
 */
public final class RateLimiter {

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public RateLimiter(int limit, Duration window, Clock clock) {
        if (limit < 1 || window.isZero() || window.isNegative()) {
            throw new IllegalArgumentException("expected a positive limit and window, got " + limit + " per " + window);
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts a call of {@code key}; whether it is within the limit. */
    public boolean tryAcquire(String key) {
        Instant now = clock.instant();
        if (windows.size() > 10_000) {
            windows.values().removeIf(w -> !now.isBefore(w.start.plus(window)));
        }
        Window counted = windows.compute(key, (k, w) -> w == null || !now.isBefore(w.start.plus(window))
                ? new Window(now, 1)
                : new Window(w.start, w.count + 1));
        return counted.count <= limit;
    }

    /** Seconds until {@code key}'s window ends (for a {@code Retry-After} header); at least 1. */
    public long retryAfterSeconds(String key) {
        Window w = windows.get(key);
        if (w == null) {
            return 1;
        }
        return Math.max(1, Duration.between(clock.instant(), w.start.plus(window)).toSeconds());
    }

    private record Window(Instant start, int count) {}
}
