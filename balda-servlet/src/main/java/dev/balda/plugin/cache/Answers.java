package dev.balda.plugin.cache;

import dev.balda.http.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What of a route's answer the cache keeps, and how a kept answer is given again. Only what the
 * route itself set is kept: the headers present when the cache's step began were set by outer
 * middleware, which runs again on a hit and sets them for that request.
 */
final class Answers {
    private Answers() {
    }

    /** The response's headers now, in order. */
    static List<Map.Entry<String, String>> headers(Response res) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        for (String name : res.headerNames()) {
            for (String value : res.headers(name)) {
                list.add(Map.entry(name, value));
            }
        }
        return list;
    }

    /**
     * The answer as it may be kept, or {@code null} when it must not be: another status, no
     * buffered body (a stream or file), a body over the limit, a cookie, or a
     * {@code Cache-Control} that forbids a shared cache to keep it.
     *
     * @param outer the headers set before the route ran
     */
    static CachedResponse capture(Response res, List<Map.Entry<String, String>> outer, Set<Integer> statuses,
                                  long maxSize) {
        byte[] body = res.body();
        if (!statuses.contains(res.status()) || body == null || res.committed() || res.detached()
                || body.length > maxSize || !res.headers("Set-Cookie").isEmpty()) {
            return null;
        }
        for (String value : res.headers("Cache-Control")) {
            String directives = value.toLowerCase(Locale.ROOT);
            if (directives.contains("no-store") || directives.contains("private") || directives.contains("no-cache")) {
                return null;
            }
        }
        List<Map.Entry<String, String>> own = new ArrayList<>();
        List<Map.Entry<String, String>> before = new ArrayList<>(outer);
        for (Map.Entry<String, String> header : headers(res)) {
            String name = header.getKey();
            if (!before.remove(header) && !name.equalsIgnoreCase("X-Cache") && !name.equalsIgnoreCase("Content-Length")) {
                own.add(header);
            }
        }
        return CachedResponse.of(res.status(), own, body, System.currentTimeMillis());
    }

    /** A kept answer as this request's: its headers replace the outer middleware's of the same name, Vary merges. */
    static void replay(Response res, CachedResponse entry) {
        res.status(entry.status());
        Set<String> replaced = new LinkedHashSet<>();
        for (Map.Entry<String, String> header : entry.headers()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Vary")) {
                res.vary(header.getValue());
            } else {
                if (replaced.add(name.toLowerCase(Locale.ROOT))) {
                    res.removeHeader(name);
                }
                res.addHeader(name, header.getValue());
            }
        }
        res.header("X-Cache", "HIT");
        res.header("Age", Long.toString(Math.max(0, (System.currentTimeMillis() - entry.storedAtMillis()) / 1000)));
        res.send(entry.bodyBytes());
    }
}
