package dev.balda.internal;

import dev.balda.http.HttpException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a query string ({@code a=1&b=x+y&a=2}) into keys with all their values, in order of first
 * appearance; {@code +} is a space, malformed percent-encoding is 400, and more than the limit of
 * parameters is 400, so no query can grow the map without bound.
 */
public final class QueryParser {
    private QueryParser() {
    }

    public static Map<String, List<String>> parse(String raw, int limit) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        int start = 0;
        int count = 0;
        while (start <= raw.length()) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? raw.length() : amp;
            if (end > start) {
                if (++count > limit) {
                    throw HttpException.badRequest("More than " + limit + " query parameters");
                }
                int eq = raw.indexOf('=', start);
                String key;
                String value;
                if (eq < 0 || eq > end) {
                    key = UriDecoder.queryComponent(raw.substring(start, end));
                    value = "";
                } else {
                    key = UriDecoder.queryComponent(raw.substring(start, eq));
                    value = UriDecoder.queryComponent(raw.substring(eq + 1, end));
                }
                parsed.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        parsed.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(parsed);
    }
}
