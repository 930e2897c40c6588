package dev.balda.internal;

import dev.balda.BaldaOptions;
import dev.balda.http.ErrorHandler;
import dev.balda.http.Handler;
import dev.balda.http.HttpException;
import dev.balda.http.Middleware;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.internal.routing.RouteMatch;
import dev.balda.internal.routing.Router;
import dev.balda.plugin.BeforeRouting;
import dev.balda.plugin.BodyLimit;
import dev.balda.plugin.Plugin;
import dev.balda.sse.SseStream;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's frozen request pipeline. For each exchange: match the route (before any
 * middleware, so pass-through can leave unmatched requests untouched), then hand the request to a
 * {@link RequestRun}, which reads the body ahead without blocking, runs the plugins' stages, the
 * global middleware around the dispatch (route middleware and handler, or the 404/405/OPTIONS
 * answers), turns an escaping exception into an error response, and writes the buffered response.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final String[] NO_SEGMENTS = new String[0];

    final BaldaOptions options;
    final JsonCodec json;
    private final Router<RouteTarget> router;
    private final Map<String, Router<RouteTarget>> upgradeRouters;
    final Middleware[] globalMiddleware;
    final Plugin[] globalPlugins;
    final BeforeRouting[] routingHooks;
    private final ErrorHandler errorHandler;
    private final Handler notFoundHandler;
    private final Supplier<ScheduledExecutorService> scheduler;

    public Pipeline(BaldaOptions options, Router<RouteTarget> router, Map<String, Router<RouteTarget>> upgradeRouters,
             Middleware[] globalMiddleware, ErrorHandler errorHandler, Handler notFoundHandler,
             Supplier<ScheduledExecutorService> scheduler) {
        this.options = options;
        this.json = new JsonCodec(options.objectMapper());
        this.router = router;
        this.upgradeRouters = upgradeRouters;
        this.globalMiddleware = globalMiddleware;
        this.globalPlugins = Stages.plugins(globalMiddleware);
        List<BeforeRouting> hooks = new ArrayList<>();
        for (Plugin plugin : globalPlugins) {
            if (plugin instanceof BeforeRouting hook) {
                hooks.add(hook);
            }
        }
        this.routingHooks = hooks.toArray(new BeforeRouting[0]);
        this.errorHandler = errorHandler;
        this.notFoundHandler = notFoundHandler;
        this.scheduler = scheduler;
    }

    /**
     * Takes an exchange. On a transport that can suspend, the response may be written after this
     * returns (the body still arriving, a plugin stage waiting on a store).
     *
     * @return {@code false} when pass-through leaves the request to the next filter, untouched
     * @throws IOException only to abort a response that had already been committed
     */
    public boolean handle(Exchange exchange) throws IOException {
        String[] segments;
        HttpException badPath = null;
        try {
            segments = UriDecoder.segments(exchange.rawPath());
        } catch (HttpException e) {
            badPath = e;
            segments = NO_SEGMENTS;
        }
        RouteMatch<RouteTarget> match = match(exchange.method(), segments, exchange, badPath == null);
        if (badPath == null && !match.pathFound() && options.passThrough()) {
            return false;
        }
        new RequestRun(this, exchange, segments, badPath, match).start();
        return true;
    }

    RouteMatch<RouteTarget> match(String method, String[] segments, Exchange exchange, boolean tryUpgrades) {
        if (tryUpgrades && !upgradeRouters.isEmpty()) {
            Router<RouteTarget> upgrades = upgradeRouterFor(exchange);
            if (upgrades != null) {
                RouteMatch<RouteTarget> upgradeMatch = upgrades.match(method, segments);
                if (upgradeMatch.found()) {
                    return upgradeMatch;
                }
            }
        }
        return router.match(method, segments);
    }

    ScheduledExecutorService scheduler() {
        return scheduler.get();
    }

    /**
     * The largest body the application accepts for this request: what a body-parsing plugin of
     * the route, else of the application, says for its content type, else {@code maxBodySize}.
     */
    long bodyLimit(Plugin[] routePlugins, Request req) {
        BodyLimit limit = firstBodyLimit(routePlugins);
        if (limit == null) {
            limit = firstBodyLimit(globalPlugins);
        }
        long value = limit == null ? -1 : limit.bodyLimit(req);
        return value >= 0 ? value : options.maxBodySize();
    }

    private static BodyLimit firstBodyLimit(Plugin[] plugins) {
        for (Plugin plugin : plugins) {
            if (plugin instanceof BodyLimit limit) {
                return limit;
            }
        }
        return null;
    }

    private Router<RouteTarget> upgradeRouterFor(Exchange exchange) {
        String upgrade = exchange.header("Upgrade");
        if (upgrade == null) {
            return null;
        }
        String connection = exchange.header("Connection");
        if (connection == null || !connection.toLowerCase(Locale.ROOT).contains("upgrade")) {
            return null;
        }
        for (String protocol : upgrade.split(",")) {
            Router<RouteTarget> upgrades = upgradeRouters.get(protocol.trim().toLowerCase(Locale.ROOT));
            if (upgrades != null) {
                return upgrades;
            }
        }
        return null;
    }

    /** The innermost step of the global chain: the route, or the answers for paths without one. */
    void dispatch(RouteMatch<RouteTarget> match, Request req, Response res) throws Exception {
        if (match.found()) {
            RouteTarget target = match.route().target();
            if (target.middleware.length == 0) {
                handle(target, req, res);
            } else {
                MiddlewareChain.run(target.middleware, req, res, (rq, rs) -> handle(target, rq, rs));
            }
        } else if (match.pathFound()) {
            String allow = String.join(", ", match.allowedMethods());
            if (req.method().equals("OPTIONS")) {
                res.header("Allow", allow).status(204);
            } else {
                res.header("Allow", allow);
                res.error(405, "Method " + req.method() + " is not allowed for " + req.path());
            }
        } else if (notFoundHandler != null) {
            res.status(404);
            Object result = notFoundHandler.handle(req, res);
            if (result != null && !(result instanceof Response)) {
                res.send(result);
            }
        } else {
            res.status(404).json(HttpException.errorBody("ROUTE_NOT_FOUND", "Cannot " + req.method() + " " + req.path()));
        }
    }

    private static void handle(RouteTarget target, Request req, Response res) throws Exception {
        Object result = target.handler.handle(req, res);
        if (result != null && !(result instanceof Response) && !(result instanceof SseStream)) {
            res.send(result);
        }
    }

    void handleError(Exchange exchange, ExchangeRequest req, BufferedResponse res, Throwable error)
            throws IOException {
        if (res.answeredEarly()) {
            LOG.debug("{} {} failed after it was answered early (request {}): {}", req.method(), req.path(), req.id(),
                    error.toString());
            return;
        }
        if (res.committed() || res.detached()) {
            LOG.error("{} {} failed after its response was committed (request {}); closing the connection",
                    req.method(), req.path(), req.id(), error);
            res.abandoned(error);
            if (!res.detached()) {
                exchange.abort(error);
            }
            return;
        }
        res.resetForError();
        if (errorHandler != null) {
            try {
                errorHandler.handle(req, res, error);
                return;
            } catch (Throwable handlerError) {
                if (handlerError != error) {
                    handlerError.addSuppressed(error);
                }
                LOG.error("The error handler failed on {} {} (request {}) while handling {}; answering 500",
                        req.method(), req.path(), req.id(), error.toString(), handlerError);
                if (res.committed()) {
                    res.abandoned(handlerError);
                    exchange.abort(handlerError);
                    return;
                }
                res.resetForError();
                internalError(req, res, error, false);
                return;
            }
        }
        if (error instanceof HttpException http) {
            // An HTTP exception is an answer someone chose, not a failure to report: a 503 from a
            // plugin whose store is down would otherwise log a stack trace per request. What failed
            // is logged where it failed (the plugins' store failures: once at WARN, then DEBUG).
            if (LOG.isDebugEnabled()) {
                LOG.debug("{} {} answered {} {} (request {})", req.method(), req.path(), http.status(), http.code(),
                        req.id(), http);
            }
            res.status(http.status()).json(http.body());
            return;
        }
        internalError(req, res, error, true);
    }

    private void internalError(ExchangeRequest req, BufferedResponse res, Throwable error, boolean log) {
        if (log) {
            LOG.error("Unhandled exception on {} {} (request {})", req.method(), req.path(), req.id(), error);
        }
        Map<String, Object> body = HttpException.errorBody("INTERNAL_SERVER_ERROR", "Internal Server Error");
        if (options.developmentMode()) {
            body.put("error", error.toString());
            List<String> stack = new ArrayList<>();
            for (StackTraceElement element : error.getStackTrace()) {
                stack.add(element.toString());
            }
            body.put("stack", stack);
        }
        res.status(500).json(body);
    }
}
