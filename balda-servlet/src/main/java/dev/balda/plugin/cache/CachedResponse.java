package dev.balda.plugin.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A response as the {@link CachePlugin} keeps it: status, the headers the route itself set (not
 * those of global middleware, which set theirs again on every hit), the body, and when it was
 * stored. Immutable; what a {@link CacheStore} holds and returns.
 */
public final class CachedResponse {
    private final int status;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final long storedAtMillis;

    private CachedResponse(int status, List<Map.Entry<String, String>> headers, byte[] body, long storedAtMillis) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.storedAtMillis = storedAtMillis;
    }

    /**
     * A cached response (a store that serialises responses rebuilds them with this).
     *
     * @param headers        name and value pairs, in order, repeated names allowed
     * @param storedAtMillis when it was stored, in milliseconds since the epoch (for {@code Age})
     */
    public static CachedResponse of(int status, List<Map.Entry<String, String>> headers, byte[] body,
                                    long storedAtMillis) {
        List<Map.Entry<String, String>> copy = new ArrayList<>(headers.size());
        for (Map.Entry<String, String> header : headers) {
            copy.add(Map.entry(header.getKey(), header.getValue()));
        }
        return new CachedResponse(status, List.copyOf(copy), Objects.requireNonNull(body, "body").clone(), storedAtMillis);
    }

    public int status() {
        return status;
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body without a copy, for the plugin, which never changes it. */
    byte[] bodyBytes() {
        return body;
    }

    public long storedAtMillis() {
        return storedAtMillis;
    }

    /** Roughly what it takes in memory: the body, the headers' text, and a little for the object. */
    public long weight() {
        long weight = 64L + body.length;
        for (Map.Entry<String, String> header : headers) {
            weight += 2L * (header.getKey().length() + header.getValue().length()) + 32;
        }
        return weight;
    }
}
