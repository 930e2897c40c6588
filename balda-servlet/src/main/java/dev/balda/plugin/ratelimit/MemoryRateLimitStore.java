package dev.balda.plugin.ratelimit;

import dev.balda.internal.ExpiringMap;
import dev.balda.internal.Sweep;
import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The default {@link RateLimitStore}: fixed windows counted in this JVM, at most {@code maxKeys}
 * keys at once (the least recently used key goes when another arrives, which restarts its
 * count: size it above the number of clients you expect in one window), expired windows swept
 * every 30 seconds on the application's plugin scheduler. Counting takes the map's lock for a
 * moment and never waits on anything else, so its stages are complete when returned.
 */
public final class MemoryRateLimitStore implements RateLimitStore {
    /** A window's count and when it resets. */
    private record Counter(long count, long resetAtNanos) {
    }

    private final ExpiringMap<String, Counter> windows;
    private final LongSupplier clock;
    private final Sweep sweeping = new Sweep(this::sweep);

    /** A store holding at most {@code maxKeys} keys. */
    public MemoryRateLimitStore(int maxKeys) {
        this(maxKeys, System::nanoTime);
    }

    MemoryRateLimitStore(int maxKeys, LongSupplier clock) {
        if (maxKeys <= 0) {
            throw new IllegalArgumentException("rate limit maxKeys must be positive, not " + maxKeys);
        }
        this.windows = new ExpiringMap<>(maxKeys);
        this.clock = clock;
    }

    @Override
    public CompletionStage<Window> increment(String key, Duration window) {
        long now = clock.getAsLong();
        long length = window.toNanos();
        Counter counter = windows.compute(key, now, length, true,
                (k, old) -> old == null ? new Counter(1, now + length) : new Counter(old.count + 1, old.resetAtNanos));
        return CompletableFuture.completedFuture(new Window(counter.count, Duration.ofNanos(Math.max(0, counter.resetAtNanos - now))));
    }

    @Override
    public CompletionStage<Void> reset(String key) {
        windows.remove(key);
        return CompletableFuture.completedFuture(null);
    }

    /** Keys held now, live or not yet swept. */
    public int size() {
        return windows.size();
    }

    /** Removes the windows that have ended; returns how many. */
    int sweep() {
        return windows.sweep(clock.getAsLong());
    }

    @Override
    public void start(PluginContext context) {
        sweeping.start(context);
    }

    @Override
    public void stop() {
        sweeping.stop();
    }
}
