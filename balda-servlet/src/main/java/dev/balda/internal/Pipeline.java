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
import dev.balda.plugin.Plugin;
import dev.balda.sse.SseStream;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's frozen request pipeline. For each exchange: match the route (before any
 * middleware, so pass-through can leave unmatched requests untouched), run the global middleware
 * around the dispatch (route middleware and handler, or the 404/405/OPTIONS answers), turn an
 * escaping exception into an error response, then write the buffered response.
 */
public final class Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    private static final String[] NO_SEGMENTS = new String[0];
    private static final Plugin[] NO_PLUGINS = new Plugin[0];

    private final BaldaOptions options;
    private final JsonCodec json;
    private final Router<RouteTarget> router;
    private final Map<String, Router<RouteTarget>> upgradeRouters;
    private final Middleware[] globalMiddleware;
    private final Plugin[] globalPlugins;
    private final ErrorHandler errorHandler;
    private final Handler notFoundHandler;

    public Pipeline(BaldaOptions options, Router<RouteTarget> router, Map<String, Router<RouteTarget>> upgradeRouters,
             Middleware[] globalMiddleware, ErrorHandler errorHandler, Handler notFoundHandler) {
        this.options = options;
        this.json = new JsonCodec(options.objectMapper());
        this.router = router;
        this.upgradeRouters = upgradeRouters;
        this.globalMiddleware = globalMiddleware;
        this.globalPlugins = Stages.plugins(globalMiddleware);
        this.errorHandler = errorHandler;
        this.notFoundHandler = notFoundHandler;
    }

    public boolean handle(Exchange exchange) throws IOException {
        String method = exchange.method();
        String[] segments;
        HttpException badPath = null;
        try {
            segments = UriDecoder.segments(exchange.rawPath());
        } catch (HttpException e) {
            badPath = e;
            segments = NO_SEGMENTS;
        }
        RouteMatch<RouteTarget> match = null;
        if (badPath == null && !upgradeRouters.isEmpty()) {
            Router<RouteTarget> upgrades = upgradeRouterFor(exchange);
            if (upgrades != null) {
                RouteMatch<RouteTarget> upgradeMatch = upgrades.match(method, segments);
                if (upgradeMatch.found()) {
                    match = upgradeMatch;
                }
            }
        }
        if (match == null) {
            match = router.match(method, segments);
        }
        if (badPath == null && !match.pathFound() && options.passThrough()) {
            return false;
        }

        ExchangeRequest req = new ExchangeRequest(exchange, options, json, match.found() ? match : null);
        BufferedResponse res = new BufferedResponse(exchange, json);
        Plugin[] routePlugins = match.found() ? match.route().target().plugins : NO_PLUGINS;
        try {
            Stages.before(globalPlugins, routePlugins, req, res);
            RouteMatch<RouteTarget> routed = match;
            HttpException pathError = badPath;
            // A malformed path still passes through the global middleware, like a 404 does.
            MiddlewareChain.run(globalMiddleware, req, res, (rq, rs) -> {
                if (pathError != null) {
                    throw pathError;
                }
                dispatch(routed, rq, rs);
            });
        } catch (Throwable error) {
            rethrowFatal(error);
            handleError(exchange, req, res, error);
        }
        if (!res.detached()) {
            try {
                Stages.after(globalPlugins, routePlugins, req, res);
            } catch (Throwable error) {
                rethrowFatal(error);
                handleError(exchange, req, res, error);
            }
        }
        if (req.bodyAbandoned() && !res.committed() && !res.detached()) {
            // Unread request data is still on the way: the connection cannot carry another request.
            res.header("Connection", "close");
        }
        try {
            res.finish(method.equals("HEAD"));
        } catch (IOException e) {
            // The client went away while the body was written: nothing left to answer.
            LOG.debug("Could not finish the response to {} {} (request {}): {}", method, req.path(), req.id(), e.toString());
        }
        return true;
    }

    private static void rethrowFatal(Throwable error) {
        if (error instanceof VirtualMachineError && !(error instanceof StackOverflowError)) {
            throw (VirtualMachineError) error;
        }
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
    private void dispatch(RouteMatch<RouteTarget> match, Request req, Response res) throws Exception {
        if (match.found()) {
            RouteTarget target = match.route().target();
            MiddlewareChain.run(target.middleware, req, res, (rq, rs) -> {
                Object result = target.handler.handle(rq, rs);
                if (result != null && !(result instanceof Response) && !(result instanceof SseStream)) {
                    rs.send(result);
                }
            });
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

    private void handleError(Exchange exchange, ExchangeRequest req, BufferedResponse res, Throwable error)
            throws IOException {
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
            if (http.status() >= 500) {
                LOG.error("{} {} answered {} (request {})", req.method(), req.path(), http.status(), req.id(), http);
            } else if (LOG.isDebugEnabled()) {
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
