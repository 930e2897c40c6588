package dev.balda.plugin.body;

import dev.balda.http.HttpException;
import dev.balda.internal.QueryParser;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code application/x-www-form-urlencoded} bodies: every key with all its values, in order
 * ({@code Map<String, List<String>>}), or in {@code extended} mode nested maps and lists built from
 * bracketed keys ({@code a[b]=1} gives {@code {a: {b: "1"}}}, {@code tags[]=x} gives
 * {@code {tags: ["x"]}}, a repeated plain key a list). Keys that name JavaScript prototype
 * properties ({@code __proto__}, {@code constructor}, {@code prototype}) are refused with 400, so a
 * form forwarded to a JavaScript service cannot pollute its objects; nesting deeper than
 * {@link #MAX_DEPTH} brackets is 413.
 */
final class FormBody {
    static final int MAX_DEPTH = 5;
    private static final Set<String> FORBIDDEN = Set.of("__proto__", "constructor", "prototype");

    private FormBody() {
    }

    /** Counts the pairs first: more than the limit is 413 before anything is decoded. */
    static Map<String, List<String>> plain(String body, int parameterLimit) {
        int pairs = 0;
        int start = 0;
        while (start <= body.length()) {
            int amp = body.indexOf('&', start);
            int end = amp < 0 ? body.length() : amp;
            if (end > start && ++pairs > parameterLimit) {
                throw HttpException.payloadTooLarge("The form has more than " + parameterLimit + " parameters");
            }
            start = end + 1;
        }
        return QueryParser.parse(body, parameterLimit);
    }

    static Map<String, Object> extended(Map<String, List<String>> pairs) {
        Map<String, Object> root = new LinkedHashMap<>();
        pairs.forEach((key, values) -> {
            for (String value : values) {
                put(root, key, value);
            }
        });
        return freeze(root);
    }

    /** Puts one pair: {@code a[b][]} is the path a, b, and "" (append). */
    static void put(Map<String, Object> root, String key, String value) {
        List<String> path = path(key);
        Map<String, Object> map = root;
        for (int i = 0; i < path.size() - 1; i++) {
            String segment = path.get(i);
            if (segment.isEmpty()) {
                throw HttpException.badRequest("Form key '" + key + "': [] may only end a key");
            }
            Object next = map.computeIfAbsent(segment, k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) {
                throw HttpException.badRequest("Form key '" + key + "' conflicts with a plain value of '" + segment + "'");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> child = (Map<String, Object>) next;
            map = child;
        }
        String last = path.get(path.size() - 1);
        if (last.isEmpty()) {
            return; // "=value": a pair without a name carries nothing to put anywhere
        }
        Object existing = map.get(last);
        boolean append = key.indexOf('[') > 0 && key.endsWith("[]");
        if (existing == null) {
            map.put(last, append ? new ArrayList<>(List.of(value)) : value);
        } else if (existing instanceof String text) {
            map.put(last, new ArrayList<>(List.of(text, value)));
        } else if (existing instanceof List<?> list) {
            @SuppressWarnings("unchecked")
            List<Object> values = (List<Object>) list;
            values.add(value);
        } else {
            throw HttpException.badRequest("Form key '" + key + "' conflicts with nested keys of the same name");
        }
    }

    /**
     * The path of a bracketed key; a key whose brackets are not well formed is taken literally.
     * {@code tags[]} is the path "tags" (appending), {@code a[b]} is a, b.
     */
    private static List<String> path(String key) {
        int open = key.indexOf('[');
        List<String> path = new ArrayList<>(2);
        if (open <= 0 || !key.endsWith("]")) {
            check(key, key);
            path.add(key);
            return path;
        }
        String root = key.substring(0, open);
        check(key, root);
        path.add(root);
        int i = open;
        while (i < key.length()) {
            if (key.charAt(i) != '[') {
                path.clear();
                check(key, key);
                path.add(key);
                return path;
            }
            int close = key.indexOf(']', i);
            String segment = key.substring(i + 1, close);
            if (segment.indexOf('[') >= 0) {
                path.clear();
                check(key, key);
                path.add(key);
                return path;
            }
            check(key, segment);
            if (path.size() > MAX_DEPTH) {
                throw HttpException.payloadTooLarge("Form key '" + key + "' is nested deeper than " + MAX_DEPTH + " levels");
            }
            if (!segment.isEmpty()) {
                path.add(segment);
            } else if (close != key.length() - 1) {
                throw HttpException.badRequest("Form key '" + key + "': [] may only end a key");
            }
            i = close + 1;
        }
        return path;
    }

    private static void check(String key, String segment) {
        if (FORBIDDEN.contains(segment)) {
            throw HttpException.badRequest("Form key '" + key + "' uses the reserved name '" + segment + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> freeze(Map<String, Object> map) {
        map.replaceAll((k, v) -> {
            if (v instanceof Map<?, ?> child) {
                return freeze((Map<String, Object>) child);
            }
            if (v instanceof List<?> list) {
                return Collections.unmodifiableList(list);
            }
            return v;
        });
        return Collections.unmodifiableMap(map);
    }
}
