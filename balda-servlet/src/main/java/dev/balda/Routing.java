package dev.balda;

import dev.balda.http.Handler;
import dev.balda.http.Middleware;
import dev.balda.internal.routing.Router;
import java.util.List;
import java.util.function.Consumer;

/**
 * Route registration, shared by the application and its groups. Paths use Balda's syntax
 * ({@code /users/:id}, {@code /files/*}); see {@link dev.balda.internal.routing.PathPattern}.
 *
 * @param <S> the registering type, returned for chaining
 */
public interface Routing<S extends Routing<S>> {

    /**
     * Registers a route for one method ({@code "GET"}) or every method ({@code "*"}).
     *
     * @throws IllegalArgumentException on a malformed path or a duplicate route
     * @throws IllegalStateException once the application has started serving
     */
    S route(String method, String path, RouteOptions options, Handler handler);

    /** Routes registered inside share the prefix and run the group's middleware, outer groups first. */
    S group(String prefix, List<Middleware> middleware, Consumer<RouteGroup> routes);

    default S group(String prefix, Consumer<RouteGroup> routes) {
        return group(prefix, List.of(), routes);
    }

    default S get(String path, Handler handler) {
        return route("GET", path, RouteOptions.none(), handler);
    }

    default S get(String path, RouteOptions options, Handler handler) {
        return route("GET", path, options, handler);
    }

    default S post(String path, Handler handler) {
        return route("POST", path, RouteOptions.none(), handler);
    }

    default S post(String path, RouteOptions options, Handler handler) {
        return route("POST", path, options, handler);
    }

    default S put(String path, Handler handler) {
        return route("PUT", path, RouteOptions.none(), handler);
    }

    default S put(String path, RouteOptions options, Handler handler) {
        return route("PUT", path, options, handler);
    }

    default S patch(String path, Handler handler) {
        return route("PATCH", path, RouteOptions.none(), handler);
    }

    default S patch(String path, RouteOptions options, Handler handler) {
        return route("PATCH", path, options, handler);
    }

    default S delete(String path, Handler handler) {
        return route("DELETE", path, RouteOptions.none(), handler);
    }

    default S delete(String path, RouteOptions options, Handler handler) {
        return route("DELETE", path, options, handler);
    }

    /** An explicit {@code OPTIONS} route; without one, {@code OPTIONS} answers 204 with {@code Allow}. */
    default S options(String path, Handler handler) {
        return route("OPTIONS", path, RouteOptions.none(), handler);
    }

    default S options(String path, RouteOptions options, Handler handler) {
        return route("OPTIONS", path, options, handler);
    }

    /** An explicit {@code HEAD} route; without one, {@code HEAD} runs the {@code GET} route without body. */
    default S head(String path, Handler handler) {
        return route("HEAD", path, RouteOptions.none(), handler);
    }

    default S head(String path, RouteOptions options, Handler handler) {
        return route("HEAD", path, options, handler);
    }

    /** A route for every method; a route for the exact method wins over it. */
    default S all(String path, Handler handler) {
        return route(Router.ANY_METHOD, path, RouteOptions.none(), handler);
    }

    default S all(String path, RouteOptions options, Handler handler) {
        return route(Router.ANY_METHOD, path, options, handler);
    }
}
