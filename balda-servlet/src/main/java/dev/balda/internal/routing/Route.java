package dev.balda.internal.routing;

import java.util.Objects;

/**
 * One entry of a {@link Router}: an HTTP method (or {@link Router#ANY_METHOD}), the compiled path
 * pattern, and what the route leads to.
 *
 * @param <T> what the router stores per route (a handler chain in the pipeline)
 */
public final class Route<T> {
    private final String method;
    private final PathPattern pattern;
    private final T target;

    Route(String method, PathPattern pattern, T target) {
        this.method = Objects.requireNonNull(method, "method");
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** The method in upper case, or {@code "*"} for a route that takes any method. */
    public String method() {
        return method;
    }

    public PathPattern pattern() {
        return pattern;
    }

    public T target() {
        return target;
    }

    @Override
    public String toString() {
        return (method.equals(Router.ANY_METHOD) ? "ALL" : method) + " " + pattern;
    }
}
