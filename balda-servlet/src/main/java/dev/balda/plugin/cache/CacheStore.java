package dev.balda.plugin.cache;

import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the {@link CachePlugin} keeps responses: in memory by default ({@link MemoryCacheStore}),
 * or shared between servers (Redis, from the balda-redis module). Entries expire after their ttl
 * and carry tags, so everything tagged {@code users} can be dropped at once when a user changes.
 *
 * <p>Calls return stages and must not block the caller; a store bounds its own calls in time and
 * reports a failure by completing the stage exceptionally (the plugin then computes the response
 * without the cache). A distributed store keeps {@link #put} and the tag index consistent in one
 * atomic step (a Redis script), and {@link #invalidateTags} removes the tagged keys and the tags
 * together. A shared store may also let the servers sharing it compute each key once between
 * them ({@link #claim}, {@link #release}); one that does not leaves that to each server.
 */
public interface CacheStore {

    /** The live entry for a key, or {@code null}. */
    CompletionStage<CachedResponse> get(String key);

    /** Stores an entry for {@code ttl}, tagged; replaces one stored before under the key. */
    CompletionStage<Void> put(String key, CachedResponse response, Duration ttl, Set<String> tags);

    /** Removes one key's entry. */
    CompletionStage<Void> remove(String key);

    /** Removes every entry carrying any of the tags; returns how many went. */
    CompletionStage<Long> invalidateTags(Set<String> tags);

    /** Removes every entry this store holds for the plugin (with a shared store: every key under its prefix). */
    CompletionStage<Void> clear(String keyPrefix);

    /**
     * Claims the computation of a key among the servers sharing this store, for at most
     * {@code lease} (a server that dies while computing holds it no longer): {@code true} when
     * this server may compute the key (nobody else holds the claim, which is now this server's),
     * {@code false} while another server holds it. The plugin claims a key once per server (its
     * own requests for the key wait for each other in memory), releases the claim when the
     * computation ends, and while another server holds it does as its {@link Concurrent} option
     * says, looking for the entry every few milliseconds. The default grants every claim: a store
     * that is not shared needs none.
     */
    default CompletionStage<Boolean> claim(String key, Duration lease) {
        return CompletableFuture.completedFuture(Boolean.TRUE);
    }

    /** Gives up this server's claim on a key; a claim that expired, or that another server holds by now, stays. */
    default CompletionStage<Void> release(String key) {
        return CompletableFuture.completedFuture(null);
    }

    /** Called when the plugin using this store starts (an in-memory store schedules its sweep). */
    default void start(PluginContext context) {
    }

    /** Called when the plugin using this store stops. */
    default void stop() {
    }
}
