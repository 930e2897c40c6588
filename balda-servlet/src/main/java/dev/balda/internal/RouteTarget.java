package dev.balda.internal;

import dev.balda.http.Handler;
import dev.balda.http.Middleware;
import dev.balda.internal.routing.PathPattern;
import dev.balda.plugin.Plugin;
import java.util.List;

/** What a route leads to, compiled at registration: its middleware as an array, and the handler. */
public final class RouteTarget {
    final PathPattern pattern;
    final Middleware[] middleware;
    /** The plugins among the middleware, whose before and after steps run for this route. */
    final Plugin[] plugins;
    final Handler handler;

    public RouteTarget(PathPattern pattern, List<Middleware> middleware, Handler handler) {
        this.pattern = pattern;
        this.middleware = middleware.toArray(new Middleware[0]);
        this.plugins = Stages.plugins(this.middleware);
        this.handler = handler;
    }
}
