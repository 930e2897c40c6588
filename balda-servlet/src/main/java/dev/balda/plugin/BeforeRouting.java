package dev.balda.plugin;

import dev.balda.http.Request;

/**
 * What a global plugin implements, beside {@link Plugin}, to act before the route is matched: the
 * method-override plugin routes a {@code POST} with {@code X-HTTP-Method-Override: DELETE} to the
 * {@code DELETE} route. The hooks of the global plugins run in plugin order, after the request's
 * body has been read ahead (so a hook may look at a form field) and before the plugins'
 * {@code before} stages; a hook that throws an {@link dev.balda.http.HttpException} answers the
 * request with it (through the global middleware, like a 404). A plugin used only on a route
 * cannot act before routing: listing one there fails the start unless it says it
 * {@linkplain #worksOnRoutes() works on routes} too.
 */
public interface BeforeRouting {

    /**
     * The method to route this request by ({@link Request#method()} reports it from then on;
     * {@link Request#originalMethod()} keeps the one sent), or {@code null} to keep it.
     */
    String routeMethod(Request req);

    /**
     * Whether the plugin also does its work when used on a route alone (in its {@code before}
     * stage, after routing), as the trust-proxy plugin does; when not, listing it on a route fails
     * the application's start.
     */
    default boolean worksOnRoutes() {
        return false;
    }
}
