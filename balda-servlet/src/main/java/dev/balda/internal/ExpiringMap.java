package dev.balda.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A bounded map whose entries expire: the in-memory store behind the plugins that keep state per
 * key (sessions, rate-limit windows, cached responses). At most {@code maxEntries} live at once;
 * adding one more evicts the least recently used. An expired entry is never returned, and
 * {@link #sweep} removes every expired one (a plugin schedules it). All methods are synchronized:
 * each is O(1) except {@link #sweep}, so no caller waits long.
 *
 * <p>Times are {@link System#nanoTime()} values passed in by the caller, so tests drive the clock.
 */
public final class ExpiringMap<K, V> {

    /** A value and when it expires. */
    private record Entry<V>(V value, long expiresAtNanos) {
    }

    private final int maxEntries;
    private final LinkedHashMap<K, Entry<V>> entries;

    public ExpiringMap(int maxEntries) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, not " + maxEntries);
        }
        this.maxEntries = maxEntries;
        // Access order: iteration starts at the least recently used entry, the one to evict.
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The live value, or {@code null} if absent or expired (an expired one is removed). */
    public synchronized V get(K key, long nowNanos) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (expired(entry, nowNanos)) {
            entries.remove(key);
            return null;
        }
        return entry.value;
    }

    /** Puts a value that expires at the given time, evicting the least recently used entry if full. */
    public synchronized void put(K key, V value, long expiresAtNanos) {
        entries.put(key, new Entry<>(value, expiresAtNanos));
        evictOverflow();
    }

    /**
     * Atomically replaces a key's value: {@code update} gets the live value (or {@code null}) and
     * returns the new one, or {@code null} to remove it.
     *
     * @param ttlNanos how long a new or updated value lives from {@code nowNanos}; an existing
     *     value keeps its expiry when {@code keepExpiry} is true (a rate-limit window does)
     */
    public synchronized V compute(K key, long nowNanos, long ttlNanos, boolean keepExpiry,
                                  BiFunction<K, V, V> update) {
        Entry<V> old = entries.get(key);
        boolean live = old != null && !expired(old, nowNanos);
        V value = update.apply(key, live ? old.value : null);
        if (value == null) {
            entries.remove(key);
            return null;
        }
        long expiresAt = live && keepExpiry ? old.expiresAtNanos : nowNanos + ttlNanos;
        entries.put(key, new Entry<>(value, expiresAt));
        evictOverflow();
        return value;
    }

    /** When the live entry of a key expires, or -1 if there is none. */
    public synchronized long expiresAt(K key, long nowNanos) {
        Entry<V> entry = entries.get(key);
        return entry == null || expired(entry, nowNanos) ? -1 : entry.expiresAtNanos;
    }

    public synchronized V remove(K key) {
        Entry<V> entry = entries.remove(key);
        return entry == null ? null : entry.value;
    }

    /** Removes every expired entry; returns how many went. */
    public synchronized int sweep(long nowNanos) {
        int removed = 0;
        for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
            if (expired(it.next(), nowNanos)) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Entries held, live or not yet swept. */
    public synchronized int size() {
        return entries.size();
    }

    public int maxEntries() {
        return maxEntries;
    }

    private static boolean expired(Entry<?> entry, long nowNanos) {
        return nowNanos - entry.expiresAtNanos >= 0;
    }

    private void evictOverflow() {
        Iterator<Map.Entry<K, Entry<V>>> eldest = entries.entrySet().iterator();
        while (entries.size() > maxEntries && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
