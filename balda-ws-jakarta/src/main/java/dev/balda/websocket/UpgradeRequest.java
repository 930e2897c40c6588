package dev.balda.websocket;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the HTTP request that opened a socket, kept for the connection's life (the
 * container's own request object is gone once the upgrade is done).
 *
 * <p>It lives as long as its socket, so it is kept small: the header fields are one array of
 * names and values in request order, read by a scan (a handshake has a handful of them), and
 * {@link #headers()} builds its map only when asked.
 */
public final class UpgradeRequest {
    private static final String[] NO_FIELDS = new String[0];

    private final String path;
    private final Map<String, String> params;
    private final Map<String, List<String>> query;
    /** Name, value, name, value, ... in request order; a repeated header is one pair per value. */
    private final String[] fields;
    private final Principal principal;
    private final String subprotocol;

    UpgradeRequest(String path, Map<String, String> params, Map<String, List<String>> query,
                   Map<String, List<String>> headers, Principal principal, String subprotocol) {
        this(path, Map.copyOf(params), readOnly(query), fields(headers), principal, subprotocol);
    }

    private UpgradeRequest(String path, Map<String, String> params, Map<String, List<String>> query, String[] fields,
                           Principal principal, String subprotocol) {
        this.path = path;
        this.params = params;
        this.query = query;
        this.fields = fields;
        this.principal = principal;
        this.subprotocol = subprotocol;
    }

    private static Map<String, List<String>> readOnly(Map<String, List<String>> query) {
        return query.isEmpty() ? Map.of() : Collections.unmodifiableMap(query);
    }

    private static String[] fields(Map<String, List<String>> headers) {
        int count = 0;
        for (List<String> values : headers.values()) {
            count += values.size();
        }
        if (count == 0) {
            return NO_FIELDS;
        }
        String[] fields = new String[count * 2];
        int i = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            for (String value : header.getValue()) {
                fields[i++] = header.getKey();
                fields[i++] = value;
            }
        }
        return fields;
    }

    /** The same request with the subprotocol the handshake settled on; the parts are shared, not copied. */
    UpgradeRequest withSubprotocol(String negotiated) {
        return new UpgradeRequest(path, params, query, fields, principal, negotiated);
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
        for (int i = 0; i < fields.length; i += 2) {
            if (fields[i].equalsIgnoreCase(name)) {
                return fields[i + 1];
            }
        }
        return null;
    }

    /** All headers, with case-insensitive names: a read-only map made for this call. */
    public Map<String, List<String>> headers() {
        TreeMap<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < fields.length; i += 2) {
            headers.computeIfAbsent(fields[i], name -> new ArrayList<>(1)).add(fields[i + 1]);
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(headers);
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
