package dev.balda;

import dev.balda.http.Handler;
import dev.balda.http.Middleware;
import dev.balda.internal.routing.PathPattern;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Routes under a common prefix and middleware, handed to the callback of
 * {@link Routing#group(String, List, Consumer)}. Groups nest: prefixes join and middleware runs
 * outer group first, then inner group, then the route's own.
 */
public final class RouteGroup implements Routing<RouteGroup> {
    private final Balda app;
    private final String prefix;
    private final List<Middleware> middleware;

    RouteGroup(Balda app, String prefix, List<Middleware> middleware) {
        this.app = app;
        this.prefix = prefix;
        this.middleware = List.copyOf(middleware);
    }

    /** The full prefix of this group, outer prefixes included. */
    public String prefix() {
        return prefix;
    }

    @Override
    public RouteGroup route(String method, String path, RouteOptions options, Handler handler) {
        app.addRoute(method, PathPattern.join(prefix, path), combine(middleware, options.middleware()), handler);
        return this;
    }

    @Override
    public RouteGroup group(String subPrefix, List<Middleware> groupMiddleware, Consumer<RouteGroup> routes) {
        routes.accept(new RouteGroup(app, PathPattern.join(prefix, subPrefix), combine(middleware, groupMiddleware)));
        return this;
    }

    static List<Middleware> combine(List<Middleware> outer, List<Middleware> inner) {
        if (outer.isEmpty()) {
            return inner;
        }
        List<Middleware> all = new ArrayList<>(outer);
        all.addAll(inner);
        return all;
    }
}
