package dev.balda.internal.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A route table compiled into a segment tree when routes are added, so matching a request walks
 * the tree without regular expressions or allocation beyond the result. At each segment a literal
 * child is tried before a param child, and a param child before a trailing wildcard; when a branch
 * leads nowhere the matcher backs up and tries the next one, so with {@code /users/me} and
 * {@code /users/:id/posts} the path {@code /users/me/posts} reaches the second route.
 *
 * <p>Adding routes is not thread-safe and belongs to start-up; matching is safe from any number of
 * threads once the router has been handed to them through a safe publication (the application
 * freezes its routers when it starts serving).
 *
 * @param <T> what each route leads to
 */
public final class Router<T> {

    /** The method key of a route that takes every method. */
    public static final String ANY_METHOD = "*";

    private final Node<T> root = new Node<>();
    private final List<Route<T>> routes = new ArrayList<>();

    /**
     * Adds a route.
     *
     * @param method an HTTP method token (upper-cased here) or {@link #ANY_METHOD}
     * @throws IllegalArgumentException {@code Duplicate route: GET /users is already registered}
     *     when the method already has a route whose pattern matches the same paths
     */
    public Route<T> add(String method, PathPattern pattern, T target) {
        String key = method.equals(ANY_METHOD) ? ANY_METHOD : method.toUpperCase(java.util.Locale.ROOT);
        if (!key.equals(ANY_METHOD) && !isToken(key)) {
            throw new IllegalArgumentException("'" + method + "' is not an HTTP method name");
        }
        Node<T> node = root;
        for (int i = 0; i < pattern.segmentCount(); i++) {
            node = switch (pattern.kind(i)) {
                case LITERAL -> node.literal(pattern.text(i));
                case PARAM -> node.param();
                case WILDCARD -> node.wildcard();
            };
        }
        Route<T> existing = node.routes.get(key);
        if (existing != null) {
            String as = existing.pattern().toString().equals(pattern.toString())
                    ? "" : " (as " + existing.pattern() + ")";
            throw new IllegalArgumentException("Duplicate route: " + displayMethod(key) + " " + pattern
                    + " is already registered" + as);
        }
        Route<T> route = new Route<>(key, pattern, target);
        node.routes.put(key, route);
        routes.add(route);
        return route;
    }

    /** Every route in registration order. */
    public List<Route<T>> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** Whether no route has been added. */
    public boolean isEmpty() {
        return routes.isEmpty();
    }

    /**
     * Finds the route for a method and a path given as decoded, non-empty segments ({@code /users/42}
     * is {@code ["users", "42"]}).
     */
    public RouteMatch<T> match(String method, String[] segments) {
        Route<T> route = find(root, segments, 0, method);
        if (route != null) {
            return new RouteMatch<>(route, segments, Set.of());
        }
        Set<String> allowed = new TreeSet<>();
        collectMethods(root, segments, 0, allowed);
        if (!allowed.isEmpty()) {
            if (allowed.contains("GET")) {
                allowed.add("HEAD");
            }
            allowed.add("OPTIONS");
        }
        return new RouteMatch<>(null, segments, Collections.unmodifiableSet(allowed));
    }

    private Route<T> find(Node<T> node, String[] segments, int i, String method) {
        if (i == segments.length) {
            return node.select(method);
        }
        if (node.literals != null) {
            Node<T> child = node.literals.get(segments[i]);
            if (child != null) {
                Route<T> found = find(child, segments, i + 1, method);
                if (found != null) {
                    return found;
                }
            }
        }
        if (node.param != null) {
            Route<T> found = find(node.param, segments, i + 1, method);
            if (found != null) {
                return found;
            }
        }
        // A wildcard takes the rest of the path: here at least one segment remains.
        return node.wildcard == null ? null : node.wildcard.select(method);
    }

    private void collectMethods(Node<T> node, String[] segments, int i, Set<String> into) {
        if (i == segments.length) {
            into.addAll(node.routes.keySet());
            return;
        }
        if (node.literals != null) {
            Node<T> child = node.literals.get(segments[i]);
            if (child != null) {
                collectMethods(child, segments, i + 1, into);
            }
        }
        if (node.param != null) {
            collectMethods(node.param, segments, i + 1, into);
        }
        if (node.wildcard != null) {
            into.addAll(node.wildcard.routes.keySet());
        }
    }

    private static String displayMethod(String key) {
        return key.equals(ANY_METHOD) ? "ALL" : key;
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static final class Node<T> {
        Map<String, Node<T>> literals;
        Node<T> param;
        Node<T> wildcard;
        final Map<String, Route<T>> routes = new LinkedHashMap<>(4);

        Node<T> literal(String text) {
            if (literals == null) {
                literals = new HashMap<>();
            }
            return literals.computeIfAbsent(text, t -> new Node<>());
        }

        Node<T> param() {
            if (param == null) {
                param = new Node<>();
            }
            return param;
        }

        Node<T> wildcard() {
            if (wildcard == null) {
                wildcard = new Node<>();
            }
            return wildcard;
        }

        /** Explicit method first; HEAD falls back to GET before a catch-all route takes it. */
        Route<T> select(String method) {
            if (routes.isEmpty()) {
                return null;
            }
            Route<T> route = routes.get(method);
            if (route == null && method.equals("HEAD")) {
                route = routes.get("GET");
            }
            return route != null ? route : routes.get(ANY_METHOD);
        }
    }
}
