package dev.balda.internal.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route path in Balda's syntax, parsed once at registration: literal segments (case-sensitive),
 * {@code :name} segments that capture exactly one path segment, and a final {@code *} that captures
 * the rest of the path (one or more segments, exposed as the param {@code "*"}). Empty segments are
 * ignored, so {@code /users/} and {@code //users} are the same pattern as {@code /users}. Literal
 * segments are compared with the request's percent-decoded segments, so write them decoded.
 */
public final class PathPattern {

    /** The name under which the text matched by a trailing {@code *} is exposed. */
    public static final String WILDCARD_PARAM = "*";

    enum Kind { LITERAL, PARAM, WILDCARD }

    private final String source;
    private final String normalized;
    private final Kind[] kinds;
    private final String[] texts;
    private final List<String> paramNames;
    private final Map<String, Integer> paramIndex;

    private PathPattern(String source, Kind[] kinds, String[] texts) {
        this.source = source;
        this.kinds = kinds;
        this.texts = texts;
        List<String> names = new ArrayList<>();
        Map<String, Integer> index = new java.util.HashMap<>();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            sb.append('/');
            switch (kinds[i]) {
                case LITERAL -> sb.append(texts[i]);
                case PARAM -> {
                    sb.append(':').append(texts[i]);
                    names.add(texts[i]);
                    index.put(texts[i], i);
                }
                case WILDCARD -> {
                    sb.append('*');
                    names.add(WILDCARD_PARAM);
                    index.put(WILDCARD_PARAM, i);
                }
            }
        }
        this.normalized = sb.length() == 0 ? "/" : sb.toString();
        this.paramNames = Collections.unmodifiableList(names);
        this.paramIndex = Map.copyOf(index);
    }

    /**
     * Parses a route path.
     *
     * @throws IllegalArgumentException if the path does not start with {@code /}, a param has no
     *     valid name, a name repeats, or {@code *} is not the last segment
     */
    public static PathPattern parse(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("Route path '" + path + "' must start with '/'");
        }
        List<Kind> kinds = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (!kinds.isEmpty() && kinds.get(kinds.size() - 1) == Kind.WILDCARD) {
                throw new IllegalArgumentException(
                        "Route path '" + path + "': '*' must be the last segment");
            }
            if (segment.equals("*")) {
                kinds.add(Kind.WILDCARD);
                texts.add(WILDCARD_PARAM);
            } else if (segment.startsWith(":")) {
                String name = segment.substring(1);
                if (!isValidParamName(name)) {
                    throw new IllegalArgumentException("Route path '" + path + "': param '" + segment
                            + "' needs a name of letters, digits and '_' that does not start with a digit");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException(
                            "Route path '" + path + "': param ':" + name + "' appears twice");
                }
                kinds.add(Kind.PARAM);
                texts.add(name);
            } else {
                if (segment.indexOf('*') >= 0) {
                    throw new IllegalArgumentException("Route path '" + path + "': segment '" + segment
                            + "' mixes literal text with '*'; use '*' alone as the last segment");
                }
                kinds.add(Kind.LITERAL);
                texts.add(segment);
            }
        }
        return new PathPattern(path, kinds.toArray(new Kind[0]), texts.toArray(new String[0]));
    }

    private static boolean isValidParamName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** Joins a prefix and a path the way groups do: {@code /api} + {@code /users} is {@code /api/users}. */
    public static String join(String prefix, String path) {
        if (prefix == null || prefix.isEmpty() || prefix.equals("/")) {
            return path;
        }
        if (path.equals("/") || path.isEmpty()) {
            return prefix;
        }
        return (prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix)
                + (path.startsWith("/") ? path : "/" + path);
    }

    /** The path as the user wrote it. */
    public String source() {
        return source;
    }

    /** Names of the params in order, {@code "*"} for a trailing wildcard. */
    public List<String> paramNames() {
        return paramNames;
    }

    /** Whether the pattern ends in {@code *}. */
    public boolean hasWildcard() {
        return kinds.length > 0 && kinds[kinds.length - 1] == Kind.WILDCARD;
    }

    /**
     * The pattern as a JSR-356 URI template ({@code /chat/{room}}), for containers that route
     * WebSocket endpoints themselves.
     *
     * @throws IllegalStateException if the pattern has a wildcard, which URI templates cannot express
     */
    public String toUriTemplate() {
        if (hasWildcard()) {
            throw new IllegalStateException("Route path '" + source
                    + "' ends in '*', which a JSR-356 URI template cannot express");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            sb.append('/');
            sb.append(kinds[i] == Kind.PARAM ? "{" + texts[i] + "}" : texts[i]);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    int segmentCount() {
        return kinds.length;
    }

    Kind kind(int i) {
        return kinds[i];
    }

    String text(int i) {
        return texts[i];
    }

    /** Position of a param among the segments, or -1. */
    int indexOf(String name) {
        Integer i = paramIndex.get(name);
        return i == null ? -1 : i;
    }

    /**
     * Key that two patterns share exactly when they match the same paths; param names do not
     * take part, so {@code /users/:id} and {@code /users/:userId} collide.
     */
    String shape() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kinds.length; i++) {
            sb.append('/');
            sb.append(switch (kinds[i]) {
                case LITERAL -> texts[i];
                case PARAM -> ":";
                case WILDCARD -> "*";
            });
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern p && p.normalized.equals(normalized);
    }

    @Override
    public int hashCode() {
        return normalized.hashCode();
    }

    /** The normalised pattern: {@code /users/:id}. */
    @Override
    public String toString() {
        return normalized;
    }
}
