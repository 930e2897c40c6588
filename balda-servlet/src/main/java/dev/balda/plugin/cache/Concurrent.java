package dev.balda.plugin.cache;

/**
 * What a request for a key does while another request is computing that key's response (the
 * {@link CachePlugin} computes each key once at a time: on one server, and among the servers
 * sharing a store that supports {@linkplain CacheStore#claim claims}, where a request waiting for
 * another server looks for its entry every few milliseconds).
 */
public enum Concurrent {
    /**
     * Waits (without holding a thread) for the computing request, then answers with its response
     * ({@code X-Cache: HIT}). If that request ends without a response to share (it failed, or its
     * answer is not cacheable), each waiting request runs the route itself; after
     * {@code waitTimeout} a waiting request gets 503 with {@code Retry-After}. The default.
     */
    WAIT,
    /** Runs the route at once, without the cache ({@code X-Cache: MISS}); its answer is not stored. */
    BYPASS,
    /** Answers 503 {@code SERVICE_UNAVAILABLE} with {@code Retry-After: 1} at once. */
    REJECT
}
