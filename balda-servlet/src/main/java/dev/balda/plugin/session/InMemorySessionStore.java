package dev.balda.plugin.session;

import dev.balda.internal.ExpiringMap;
import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sessions in this JVM's memory: at most {@code maxSessions} (adding one more drops the least
 * recently used), each expiring {@code ttl} after its last save, expired ones swept every
 * {@code sweepInterval} on the application's scheduler. Every operation completes at once. Fine
 * for one server; use a shared store (Redis) behind a load balancer.
 */
public final class InMemorySessionStore implements SessionStore {
    private final ExpiringMap<String, Map<String, Object>> sessions;
    private final Duration sweepInterval;
    private ScheduledFuture<?> sweep;

    private InMemorySessionStore(int maxSessions, Duration sweepInterval) {
        this.sessions = new ExpiringMap<>(maxSessions);
        this.sweepInterval = sweepInterval;
    }

    /**
     * @param maxSessions how many sessions are kept at most (positive)
     * @throws IllegalArgumentException naming the option
     */
    public static InMemorySessionStore bounded(int maxSessions) {
        return bounded(maxSessions, Duration.ofSeconds(60));
    }

    /** As {@link #bounded(int)}, sweeping expired sessions every {@code sweepInterval}. */
    public static InMemorySessionStore bounded(int maxSessions, Duration sweepInterval) {
        if (maxSessions <= 0) {
            throw new IllegalArgumentException("maxSessions must be a positive count, not " + maxSessions);
        }
        if (sweepInterval.isNegative() || sweepInterval.isZero()) {
            throw new IllegalArgumentException("sweepInterval must be positive, not " + sweepInterval);
        }
        return new InMemorySessionStore(maxSessions, sweepInterval);
    }

    @Override
    public CompletionStage<Map<String, Object>> load(String id) {
        Map<String, Object> data = sessions.get(id, System.nanoTime());
        return CompletableFuture.completedFuture(data == null ? null : new LinkedHashMap<>(data));
    }

    @Override
    public CompletionStage<Void> save(String id, Map<String, Object> data, Duration ttl) {
        long now = System.nanoTime();
        sessions.put(id, Map.copyOf(data), now + ttl.toNanos());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> delete(String id) {
        sessions.remove(id);
        return CompletableFuture.completedFuture(null);
    }

    /** Sessions held, live or not yet swept. */
    public int size() {
        return sessions.size();
    }

    @Override
    public synchronized void start(PluginContext context) {
        if (sweep == null) {
            long period = sweepInterval.toMillis();
            sweep = context.scheduler().scheduleAtFixedRate(() -> sessions.sweep(System.nanoTime()), period, period,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (sweep != null) {
            sweep.cancel(false);
            sweep = null;
        }
    }
}
