package dev.balda;

import dev.balda.http.Handler;
import dev.balda.middleware.Middleware;
import dev.balda.routing.PathPattern;
import java.util.List;

/** What a route leads to, compiled at registration: its middleware as an array, and the handler. */
final class RouteTarget {
    final PathPattern pattern;
    final Middleware[] middleware;
    final Handler handler;

    RouteTarget(PathPattern pattern, List<Middleware> middleware, Handler handler) {
        this.pattern = pattern;
        this.middleware = middleware.toArray(new Middleware[0]);
        this.handler = handler;
    }
}
