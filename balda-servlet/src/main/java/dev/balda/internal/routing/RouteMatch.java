package dev.balda.internal.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of {@link Router#match}: a route with its params, or, when none was found, whether
 * the path exists under other methods (then {@link #allowedMethods()} lists them, for a 405).
 * Params are read from the request's segments on demand, so a match allocates no map.
 *
 * @param <T> what the router stores per route
 */
public final class RouteMatch<T> {
    private final Route<T> route;
    private final String[] segments;
    private final Set<String> allowedMethods;

    RouteMatch(Route<T> route, String[] segments, Set<String> allowedMethods) {
        this.route = route;
        this.segments = segments;
        this.allowedMethods = allowedMethods;
    }

    /** Whether a route takes this method and path. */
    public boolean found() {
        return route != null;
    }

    /** Whether some route has this path, so a miss is a 405 rather than a 404. */
    public boolean pathFound() {
        return route != null || !allowedMethods.isEmpty();
    }

    /** The matched route, or {@code null} when {@link #found()} is false. */
    public Route<T> route() {
        return route;
    }

    /**
     * Methods the path answers to when the requested one is missing: the routes' methods,
     * {@code HEAD} when there is a {@code GET}, and always {@code OPTIONS}. Empty on a found match
     * or an unknown path.
     */
    public Set<String> allowedMethods() {
        return allowedMethods;
    }

    /** The decoded value of a param of the matched route, or {@code null} if it has no such param. */
    public String param(String name) {
        if (route == null) {
            return null;
        }
        PathPattern pattern = route.pattern();
        int index = pattern.indexOf(name);
        if (index < 0) {
            return null;
        }
        if (pattern.kind(index) == PathPattern.Kind.WILDCARD) {
            return String.join("/", java.util.Arrays.asList(segments).subList(index, segments.length));
        }
        return segments[index];
    }

    /** All params of the matched route in pattern order. */
    public Map<String, String> params() {
        if (route == null || route.pattern().paramNames().isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : route.pattern().paramNames()) {
            params.put(name, param(name));
        }
        return Collections.unmodifiableMap(params);
    }
}
