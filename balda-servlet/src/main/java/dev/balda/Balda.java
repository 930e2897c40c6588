package dev.balda;

import dev.balda.http.ErrorHandler;
import dev.balda.http.Handler;
import dev.balda.http.Middleware;
import dev.balda.internal.Pipeline;
import dev.balda.internal.PluginSet;
import dev.balda.internal.RouteTarget;
import dev.balda.internal.routing.PathPattern;
import dev.balda.internal.routing.Router;
import dev.balda.plugin.Plugin;
import dev.balda.transport.Exchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Balda application: its own routes, global middleware, error and not-found handlers, and
 * options. Two applications in one JVM never see each other's routes.
 *
 * <pre>{@code
 * Balda app = Balda.create();
 * app.use(requestLogger);
 * app.get("/api/health", (req, res) -> Map.of("status", "ok"));
 * app.group("/api/users", List.of(auth), users -> {
 *     users.get("/:id", (req, res) -> store.find(req.param("id")));
 *     users.post("/", (req, res) -> res.created(store.add(req.body(NewUser.class))));
 * });
 * BaldaFilter.register(servletContext, app);
 * }</pre>
 *
 * <p>Everything is registered before the application serves its first request; afterwards the
 * routing tables are frozen and registering throws {@code IllegalStateException}. Serving is
 * thread-safe. {@link #handle(Exchange)} is the single entry point that both the servlet filter and
 * the testkit's mock server call.
 */
public final class Balda implements Routing<Balda> {
    private static final Logger LOG = LoggerFactory.getLogger(Balda.class);

    private final BaldaOptions options;
    private final Router<RouteTarget> router = new Router<>();
    private final Map<String, Router<RouteTarget>> upgradeRouters = new LinkedHashMap<>();
    private final List<Middleware> globalMiddleware = new ArrayList<>();
    private final Map<Class<?>, Object> extensions = new ConcurrentHashMap<>();
    private final List<Runnable> stopListeners = new ArrayList<>();
    /** Routes whose own middleware includes plugins, for the plugins' requirement checks. */
    private final Map<String, List<Middleware>> routePlugins = new LinkedHashMap<>();
    private final PluginSet plugins;
    private ErrorHandler errorHandler;
    private Handler notFoundHandler;

    private volatile Pipeline pipeline;
    private volatile boolean stopped;

    private Balda(BaldaOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.plugins = new PluginSet(options);
    }

    /** An application with the default options. */
    public static Balda create() {
        return new Balda(BaldaOptions.defaults());
    }

    public static Balda create(BaldaOptions options) {
        return new Balda(options);
    }

    /** An application with options changed from the defaults: {@code Balda.create(o -> o.passThrough(true))}. */
    public static Balda create(Consumer<BaldaOptions.Builder> configure) {
        BaldaOptions.Builder builder = BaldaOptions.builder();
        configure.accept(builder);
        return new Balda(builder.build());
    }

    /** Creates an application from a {@link BaldaApplication}: its options, then its configuration. */
    public static Balda from(BaldaApplication application) {
        Balda app = new Balda(application.options());
        application.configure(app);
        return app;
    }

    public BaldaOptions options() {
        return options;
    }

    // ------------------------------------------------------------------ registration

    @Override
    public Balda route(String method, String path, RouteOptions routeOptions, Handler handler) {
        addRoute(method, path, routeOptions.middleware(), handler);
        return this;
    }

    @Override
    public Balda group(String prefix, List<Middleware> middleware, Consumer<RouteGroup> routes) {
        PathPattern.parse(prefix); // refuse a malformed prefix here, not at its first route
        routes.accept(new RouteGroup(this, prefix, middleware));
        return this;
    }

    /**
     * Adds global middleware, run for every request (404s and 405s included) in call order.
     */
    public Balda use(Middleware... middleware) {
        synchronized (this) {
            checkNotStarted("add middleware");
            for (Middleware m : middleware) {
                globalMiddleware.add(Objects.requireNonNull(m, "middleware must not be null"));
            }
        }
        return this;
    }

    /** Decides the response for every exception that leaves the middleware chain. */
    public Balda errorHandler(ErrorHandler handler) {
        synchronized (this) {
            checkNotStarted("set the error handler");
            this.errorHandler = Objects.requireNonNull(handler, "handler");
        }
        return this;
    }

    /**
     * Answers requests that match no route (after the global middleware ran), instead of the
     * default 404 {@code ROUTE_NOT_FOUND} body.
     */
    public Balda notFoundHandler(Handler handler) {
        synchronized (this) {
            checkNotStarted("set the not-found handler");
            this.notFoundHandler = Objects.requireNonNull(handler, "handler");
        }
        return this;
    }

    /**
     * Registers a route taken only by requests that ask to switch protocols
     * ({@code Connection: Upgrade}, {@code Upgrade: <protocol>}); such routes are tried before the
     * ordinary ones. This is how protocol modules such as balda-ws-jakarta plug in: the handler
     * runs after the global and route middleware and normally ends with {@link
     * dev.balda.http.Response#detach()}.
     *
     * @param protocol the {@code Upgrade} token, e.g. {@code websocket} (case-insensitive)
     */
    public Balda upgrade(String protocol, String path, RouteOptions routeOptions, Handler handler) {
        String key = protocol.toLowerCase(Locale.ROOT);
        synchronized (this) {
            checkNotStarted("add the " + protocol + " route " + path);
            Router<RouteTarget> upgrades = upgradeRouters.computeIfAbsent(key, k -> new Router<>());
            PathPattern pattern = PathPattern.parse(path);
            upgrades.add("GET", pattern, new RouteTarget(pattern, routeOptions.middleware(), handler));
            notePlugins("UPGRADE " + protocol + " " + path, routeOptions.middleware());
        }
        return this;
    }

    /**
     * The application's single instance of an extension (such as the WebSocket module's registry),
     * created on first request with the factory.
     */
    public <T> T extension(Class<T> type, Function<Balda, T> factory) {
        return type.cast(extensions.computeIfAbsent(type, t -> Objects.requireNonNull(factory.apply(this))));
    }

    /** Runs a callback once when the application stops (its filter is destroyed). */
    public Balda onStop(Runnable listener) {
        synchronized (stopListeners) {
            stopListeners.add(Objects.requireNonNull(listener));
        }
        return this;
    }

    /** The registered routes, one {@code "GET /users/:id"} line each, in registration order. */
    public synchronized List<String> routes() {
        List<String> lines = new ArrayList<>();
        router.routes().forEach(r -> lines.add(r.toString()));
        upgradeRouters.forEach((protocol, r) -> r.routes().forEach(
                route -> lines.add("UPGRADE " + protocol + " " + route.pattern())));
        return Collections.unmodifiableList(lines);
    }

    void addRoute(String method, String path, List<Middleware> middleware, Handler handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (this) {
            checkNotStarted("register " + method + " " + path);
            PathPattern pattern = PathPattern.parse(path);
            router.add(method, pattern, new RouteTarget(pattern, middleware, handler));
            notePlugins(method + " " + path, middleware);
        }
    }

    private void notePlugins(String route, List<Middleware> middleware) {
        if (middleware.stream().anyMatch(Plugin.class::isInstance)) {
            routePlugins.put(route, List.copyOf(middleware));
        }
    }

    private void checkNotStarted(String what) {
        if (pipeline != null) {
            throw new IllegalStateException("Cannot " + what
                    + ": the application has started serving; register everything before the filter starts");
        }
    }

    // ------------------------------------------------------------------ serving

    /**
     * Freezes the registration and prepares the pipeline; called by the filter's {@code init} and,
     * if not yet done, by the first {@link #handle}. Idempotent.
     */
    public Balda start() {
        if (pipeline == null) {
            synchronized (this) {
                if (pipeline == null) {
                    Middleware[] global = plugins.prepare(globalMiddleware, routePlugins);
                    pipeline = new Pipeline(options, router, Map.copyOf(upgradeRouters), global, errorHandler,
                            notFoundHandler, plugins::scheduler);
                    LOG.debug("Balda application started with {} routes", router.routes().size());
                }
            }
        }
        return this;
    }

    /** Whether {@link #start()} has run. */
    public boolean started() {
        return pipeline != null;
    }

    /** Runs the stop listeners once, then stops the plugins; called by the filter's {@code destroy}. */
    public void stop() {
        List<Runnable> listeners;
        synchronized (stopListeners) {
            if (stopped) {
                return;
            }
            stopped = true;
            listeners = new ArrayList<>(stopListeners);
        }
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("A stop listener failed", e);
            }
        }
        synchronized (this) {
            plugins.stop();
        }
    }

    /**
     * Runs one exchange through the pipeline: routing, global middleware, route middleware, the
     * handler, error handling, and writing the response. On a transport that can suspend (a servlet
     * request with async support) the response may be written after this returns: a request body
     * is read ahead without holding a thread, and a plugin stage waiting on a store resumes the
     * request when it completes. On the in-memory transport everything is done when it returns.
     *
     * @return {@code false} when the request was left alone for the next filter (pass-through mode
     *     and no route for its path); the exchange was then not touched
     * @throws IOException only to abort a response that had already been committed
     */
    public boolean handle(Exchange exchange) throws IOException {
        return start().pipeline.handle(exchange);
    }
}
