package dev.balda.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

/**
 * A bounded map whose entries expire: the in-memory store behind the plugins that keep state per
 * key (sessions, rate-limit windows, cached responses). At most {@code maxEntries} live at once;
 * adding one more evicts the least recently used. An expired entry is never returned, and
 * {@link #sweep} removes every expired one (a plugin schedules it). All methods are synchronized:
 * each is O(1) except {@link #sweep}, so no caller waits long.
 *
 * <p>A map may also be bounded by weight (a response cache by bytes): each value weighs what the
 * weigher says, and the least recently used entries go while the total is over {@code maxWeight}.
 * A removal listener hears of every value that leaves other than by {@link #remove}: evicted,
 * expired, swept or replaced. It runs inside the map's lock, so it must be quick and must not
 * call back into the map.
 *
 * <p>Times are {@link System#nanoTime()} values passed in by the caller, so tests drive the clock.
 */
public final class ExpiringMap<K, V> {

    /** A value, when it expires, and what it weighs. */
    private record Entry<V>(V value, long expiresAtNanos, long weight) {
    }

    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final BiConsumer<K, V> onRemoval;
    private final LinkedHashMap<K, Entry<V>> entries;
    private long weight;

    public ExpiringMap(int maxEntries) {
        this(maxEntries, Long.MAX_VALUE, value -> 0, (key, value) -> { });
    }

    /**
     * A map bounded by count and by weight.
     *
     * @param maxWeight the most the values may weigh together
     * @param weigher   what one value weighs (0 or more); asked once, when it is put
     * @param onRemoval told of each value evicted, expired, swept or replaced
     */
    public ExpiringMap(int maxEntries, long maxWeight, ToLongFunction<V> weigher, BiConsumer<K, V> onRemoval) {
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, not " + maxEntries);
        }
        if (maxWeight <= 0) {
            throw new IllegalArgumentException("maxWeight must be positive, not " + maxWeight);
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
        this.onRemoval = onRemoval;
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
            removed(key, entry);
            return null;
        }
        return entry.value;
    }

    /** Puts a value that expires at the given time, evicting the least recently used entry if full. */
    public synchronized void put(K key, V value, long expiresAtNanos) {
        store(key, value, expiresAtNanos);
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
            if (old != null) {
                entries.remove(key);
                removed(key, old);
            }
            return null;
        }
        long expiresAt = live && keepExpiry ? old.expiresAtNanos : nowNanos + ttlNanos;
        store(key, value, expiresAt);
        evictOverflow();
        return value;
    }

    /** When the live entry of a key expires, or -1 if there is none. */
    public synchronized long expiresAt(K key, long nowNanos) {
        Entry<V> entry = entries.get(key);
        return entry == null || expired(entry, nowNanos) ? -1 : entry.expiresAtNanos;
    }

    /** Removes a key's value (the removal listener is not told: the caller knows). */
    public synchronized V remove(K key) {
        Entry<V> entry = entries.remove(key);
        if (entry == null) {
            return null;
        }
        weight -= entry.weight;
        return entry.value;
    }

    /** Removes every expired entry; returns how many went. */
    public synchronized int sweep(long nowNanos) {
        int removed = 0;
        for (Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<K, Entry<V>> next = it.next();
            if (expired(next.getValue(), nowNanos)) {
                it.remove();
                removed(next.getKey(), next.getValue());
                removed++;
            }
        }
        return removed;
    }

    /** Runs the action for every key held, live or not yet swept; the action must not change the map. */
    public synchronized void forEachKey(Consumer<K> action) {
        entries.keySet().forEach(action);
    }

    /** Entries held, live or not yet swept. */
    public synchronized int size() {
        return entries.size();
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** What the values held weigh together. */
    public synchronized long weight() {
        return weight;
    }

    private static boolean expired(Entry<?> entry, long nowNanos) {
        return nowNanos - entry.expiresAtNanos >= 0;
    }

    private void store(K key, V value, long expiresAtNanos) {
        long valueWeight = weigher.applyAsLong(value);
        Entry<V> old = entries.put(key, new Entry<>(value, expiresAtNanos, valueWeight));
        weight += valueWeight;
        if (old != null) {
            removed(key, old);
        }
    }

    private void removed(K key, Entry<V> entry) {
        weight -= entry.weight;
        onRemoval.accept(key, entry.value);
    }

    private void evictOverflow() {
        Iterator<Map.Entry<K, Entry<V>>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
            Map.Entry<K, Entry<V>> entry = eldest.next();
            eldest.remove();
            removed(entry.getKey(), entry.getValue());
        }
    }
}
