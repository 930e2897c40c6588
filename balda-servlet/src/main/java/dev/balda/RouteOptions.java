package dev.balda;

import dev.balda.http.Middleware;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one route, immutable and built with {@link #builder()}: for now the route's own
 * middleware, which runs after global and group middleware, in the order given.
 *
 * <pre>{@code
 * app.delete("/users/:id", RouteOptions.of(requireAdmin), (req, res) -> res.noContent());
 * }</pre>
 */
public final class RouteOptions {
    private static final RouteOptions NONE = new RouteOptions(List.of());

    private final List<Middleware> middleware;

    private RouteOptions(List<Middleware> middleware) {
        this.middleware = List.copyOf(middleware);
    }

    /** No options. */
    public static RouteOptions none() {
        return NONE;
    }

    /** Options with just route middleware. */
    public static RouteOptions of(Middleware... middleware) {
        return builder().middleware(middleware).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The route's middleware, in run order. */
    public List<Middleware> middleware() {
        return middleware;
    }

    /** Builds {@link RouteOptions}. */
    public static final class Builder {
        private final List<Middleware> middleware = new ArrayList<>();

        private Builder() {
        }

        /** Appends route middleware. */
        public Builder middleware(Middleware... middleware) {
            for (Middleware m : middleware) {
                this.middleware.add(Objects.requireNonNull(m, "route middleware must not be null"));
            }
            return this;
        }

        public RouteOptions build() {
            return middleware.isEmpty() ? NONE : new RouteOptions(middleware);
        }
    }
}
