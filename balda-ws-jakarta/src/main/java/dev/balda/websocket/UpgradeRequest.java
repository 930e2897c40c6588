package dev.balda.websocket;

import java.security.Principal;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the HTTP request that opened a socket, kept for the connection's life (the
 * container's own request object is gone once the upgrade is done).
 */
public final class UpgradeRequest {
    private final String path;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final Principal principal;
    private final String subprotocol;

    UpgradeRequest(String path, Map<String, String> params, Map<String, List<String>> query,
                   Map<String, List<String>> headers, Principal principal, String subprotocol) {
        this.path = path;
        this.params = Map.copyOf(params);
        this.query = Collections.unmodifiableMap(query);
        TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.put(name, List.copyOf(values)));
        this.headers = Collections.unmodifiableMap(caseInsensitive);
        this.principal = principal;
        this.subprotocol = subprotocol;
    }

    UpgradeRequest withSubprotocol(String negotiated) {
        return new UpgradeRequest(path, params, query, headers, principal, negotiated);
    }

    /** The request path, without the context path. */
    public String path() {
        return path;
    }

    /** A path param of the WebSocket route, decoded, or {@code null}. */
    public String param(String name) {
        return params.get(name);
    }

    public Map<String, String> params() {
        return params;
    }

    /** The first value of a query param, or {@code null}. */
    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public Map<String, List<String>> queries() {
        return query;
    }

    /** The first value of a header (case-insensitive), or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** All headers, with case-insensitive names. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The authenticated user at upgrade time, or {@code null}. */
    public Principal principal() {
        return principal;
    }

    /** The negotiated subprotocol, or {@code null}. */
    public String subprotocol() {
        return subprotocol;
    }
}
