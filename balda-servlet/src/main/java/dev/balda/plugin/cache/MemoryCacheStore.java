package dev.balda.plugin.cache;

import dev.balda.internal.ExpiringMap;
import dev.balda.internal.Sweep;
import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * The default {@link CacheStore}: responses in this JVM, at most {@code maxEntries} of them and
 * {@code maxBytes} together (the least recently used go first), expired ones swept every 30
 * seconds on the application's plugin scheduler. The tag index follows every removal, whether by
 * expiry, eviction or invalidation, so it never outgrows the entries. Its stages are complete
 * when returned.
 */
public final class MemoryCacheStore implements CacheStore {
    /** An entry and its tags. */
    private record Stored(CachedResponse response, Set<String> tags) {
    }

    private final ExpiringMap<String, Stored> entries;
    private final Map<String, Set<String>> keysByTag = new HashMap<>();
    private final LongSupplier clock;
    private final Sweep sweeping = new Sweep(this::sweep);

    /** A store of at most {@code maxEntries} responses weighing at most {@code maxBytes} together. */
    public MemoryCacheStore(int maxEntries, long maxBytes) {
        this(maxEntries, maxBytes, System::nanoTime);
    }

    MemoryCacheStore(int maxEntries, long maxBytes, LongSupplier clock) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("cache maxEntries must be positive, not " + maxEntries);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache maxBytes must be positive, not " + maxBytes);
        }
        this.entries = new ExpiringMap<>(maxEntries, maxBytes, stored -> stored.response.weight(), this::untag);
        this.clock = clock;
    }

    @Override
    public CompletionStage<CachedResponse> get(String key) {
        synchronized (this) {
            Stored stored = entries.get(key, clock.getAsLong());
            return CompletableFuture.completedFuture(stored == null ? null : stored.response);
        }
    }

    @Override
    public CompletionStage<Void> put(String key, CachedResponse response, Duration ttl, Set<String> tags) {
        synchronized (this) {
            Set<String> own = Set.copyOf(tags);
            entries.put(key, new Stored(response, own), clock.getAsLong() + ttl.toNanos());
            if (entries.get(key, clock.getAsLong()) != null) {
                for (String tag : own) {
                    keysByTag.computeIfAbsent(tag, t -> new HashSet<>()).add(key);
                }
            }
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Void> remove(String key) {
        synchronized (this) {
            removeKey(key);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Long> invalidateTags(Set<String> tags) {
        long removed = 0;
        synchronized (this) {
            for (String tag : tags) {
                Set<String> keys = keysByTag.remove(tag);
                if (keys != null) {
                    for (String key : new ArrayList<>(keys)) {
                        removed += removeKey(key) ? 1 : 0;
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(removed);
    }

    @Override
    public CompletionStage<Void> clear(String keyPrefix) {
        synchronized (this) {
            List<String> keys = new ArrayList<>();
            entries.forEachKey(key -> {
                if (key.startsWith(keyPrefix)) {
                    keys.add(key);
                }
            });
            keys.forEach(this::removeKey);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** Entries held now, live or not yet swept. */
    public synchronized int size() {
        return entries.size();
    }

    /** Tags indexed now. */
    synchronized int tagCount() {
        return keysByTag.size();
    }

    synchronized int sweep() {
        return entries.sweep(clock.getAsLong());
    }

    private boolean removeKey(String key) {
        Stored stored = entries.remove(key);
        if (stored == null) {
            return false;
        }
        untag(key, stored);
        return true;
    }

    /** Drops a key from its tags' sets; runs inside the map's lock, under this store's. */
    private void untag(String key, Stored stored) {
        for (String tag : stored.tags) {
            Set<String> keys = keysByTag.get(tag);
            if (keys != null) {
                keys.remove(key);
                if (keys.isEmpty()) {
                    keysByTag.remove(tag);
                }
            }
        }
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
