package dev.balda.websocket;

import dev.balda.Balda;
import dev.balda.error.HttpException;
import dev.balda.middleware.Middleware;
import dev.balda.routing.PathPattern;
import dev.balda.routing.RouteOptions;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebSocket routes, open sockets and topics of one Balda application. Get it with
 * {@link #on(Balda)} and register routes in router syntax; on a servlet container nothing else is
 * needed: the upgrade request runs through the application's global and route middleware, and
 * Balda upgrades it through the container's JSR-356 {@link ServerContainer}. With no route, no
 * upgrade is ever attempted.
 *
 * <pre>{@code
 * WebSockets ws = WebSockets.on(app);
 * ws.route("/ws/echo", new EchoHandler());
 * ws.route("/ws/chat/:room",
 *         WebSocketOptions.builder().allowedOrigins("https://chat.example.com").build(),
 *         req -> Upgrade.accept(new Member(req.attribute("user"), req.param("room"))),
 *         new ChatHandler());
 * app.post("/announce", (req, res) -> Map.of("reached", ws.publish("room:lobby", req.bodyText())));
 * }</pre>
 *
 * <p>On a bare JSR-356 server without servlets (Tyrus standalone) deploy
 * {@link #endpointConfigs(String)} from a {@code ServerApplicationConfig} of your own:
 *
 * <pre>{@code
 * public final class ChatEndpoints implements ServerApplicationConfig {
 *     public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
 *         return WebSockets.on(ChatApp.instance()).endpointConfigs("");
 *     }
 *     public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
 *         return scanned;
 *     }
 * }
 * }</pre>
 *
 * <p>Balda ships no {@code ServerApplicationConfig} itself: servlet containers scan the jars of a
 * WAR for such classes and would try to deploy it.
 */
public final class WebSockets {
    private static final Logger LOG = LoggerFactory.getLogger(WebSockets.class);
    private static final String PROTOCOL = "websocket";

    private final Balda app;
    private final List<WebSocketRoute<?>> routes = new CopyOnWriteArrayList<>();
    private final Set<BaldaSocket<?>> sockets = ConcurrentHashMap.newKeySet();
    private final Topics topics = new Topics();
    private final Object lifecycle = new Object();
    private ScheduledExecutorService heartbeat;
    private ExecutorService closer;
    private volatile boolean stopped;

    private WebSockets(Balda app) {
        this.app = app;
        app.onStop(this::stop);
    }

    /** The application's WebSocket registry, created on first use. */
    public static WebSockets on(Balda app) {
        return app.extension(WebSockets.class, WebSockets::new);
    }

    /**
     * The container's JSR-356 {@link ServerContainer}, for endpoints of your own beside Balda's
     * ({@code container.addEndpoint(MyEndpoint.class)}), or {@code null} if the container has no
     * WebSocket support enabled.
     */
    public static ServerContainer serverContainer(ServletContext context) {
        return (ServerContainer) context.getAttribute(ServerContainer.class.getName());
    }

    // ------------------------------------------------------------------ routes

    /** A route with default options and no per-connection data. */
    public WebSockets route(String path, WebSocketHandler<Void> handler) {
        return route(path, RouteOptions.none(), WebSocketOptions.defaults(), null, handler);
    }

    /** A route with options and no per-connection data. */
    public WebSockets route(String path, WebSocketOptions options, WebSocketHandler<Void> handler) {
        return route(path, RouteOptions.none(), options, null, handler);
    }

    /** A route whose upgrade hook accepts (with the connection's data) or refuses. */
    public <T> WebSockets route(String path, WebSocketOptions options, UpgradeHook<T> hook, WebSocketHandler<T> handler) {
        return route(path, RouteOptions.none(), options, hook, handler);
    }

    /**
     * A route with its own middleware (run after the global middleware, before the hook), options,
     * an optional upgrade hook ({@code null} accepts every upgrade without data) and the handler.
     *
     * @throws IllegalArgumentException on a malformed path or a duplicate WebSocket route
     * @throws IllegalStateException once the application serves
     */
    public <T> WebSockets route(String path, RouteOptions routeOptions, WebSocketOptions options, UpgradeHook<T> hook,
                                WebSocketHandler<T> handler) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(handler, "handler");
        WebSocketRoute<T> route = new WebSocketRoute<>(PathPattern.parse(path), options, hook, handler, this);
        Middleware originCheck = (req, res, next) -> {
            String origin = req.header("Origin");
            if (!options.originAllowed(origin)) {
                throw new HttpException(403, "ORIGIN_NOT_ALLOWED", "Origin " + origin + " may not open this WebSocket");
            }
            next.run();
        };
        RouteOptions withOriginCheck = RouteOptions.builder().middleware(originCheck)
                .middleware(routeOptions.middleware().toArray(new Middleware[0])).build();
        app.upgrade(PROTOCOL, path, withOriginCheck, new UpgradeHandler<>(route));
        routes.add(route);
        return this;
    }

    /**
     * Endpoint configurations of every route, for a JSR-356 server without a servlet pipeline
     * (Tyrus standalone): the origin check, the middleware and the upgrade hook run inside the
     * handshake. Such a server cannot refuse a handshake with a status of Balda's choosing, so a
     * refusal closes the new socket at once with {@code 4000 + status}.
     *
     * <p>Such a server has no lifecycle hook that tells Balda it stops: call {@code app.stop()}
     * before stopping it, so sockets close with 1001 rather than dropping.
     *
     * @param contextPath the server's context (root) path, {@code ""} for none
     * @throws IllegalStateException for a route ending in {@code *}, which JSR-356 paths cannot express
     */
    public Set<ServerEndpointConfig> endpointConfigs(String contextPath) {
        Set<ServerEndpointConfig> configs = new LinkedHashSet<>();
        for (WebSocketRoute<?> route : routes) {
            configs.add(ServerEndpointConfig.Builder.create(BridgeEndpoint.class, route.pattern.toUriTemplate())
                    .subprotocols(route.options.subprotocols())
                    .configurator(new StandaloneConfigurator(app, route.options, contextPath))
                    .build());
        }
        return configs;
    }

    // ------------------------------------------------------------------ topics and sockets

    /**
     * Sends a text message to every socket subscribed to the topic.
     *
     * @return how many sockets accepted it (sent or queued)
     */
    public int publish(String topic, String text) {
        return topics.publish(topic, text, BaldaSocket.utf8Length(text), null);
    }

    /** Sends a binary message to every socket subscribed to the topic. */
    public int publish(String topic, byte[] data) {
        return topics.publish(topic, data.clone(), data.length, null);
    }

    /** How many sockets are subscribed to the topic. */
    public int subscriberCount(String topic) {
        return topics.count(topic);
    }

    /** How many sockets are open. */
    public int connectionCount() {
        return sockets.size();
    }

    Topics topics() {
        return topics;
    }

    void added(BaldaSocket<?> socket) {
        sockets.add(socket);
        if (stopped) {
            socket.closeWith(BaldaSocket.CLOSE_GOING_AWAY, "Server shutting down");
            return;
        }
        startHeartbeat();
    }

    void removed(BaldaSocket<?> socket) {
        sockets.remove(socket);
        for (String topic : socket.subscriptionsView()) {
            topics.unsubscribe(topic, socket);
        }
    }

    /** Runs container close calls, which may block while a write is stuck, off the caller's thread. */
    Executor closeExecutor() {
        synchronized (lifecycle) {
            if (closer == null) {
                // After the application stopped, a late close (a socket that finished opening during
                // the shutdown) runs on the caller's thread instead of being rejected.
                ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                        daemonThreads("balda-ws-close"), new ThreadPoolExecutor.CallerRunsPolicy());
                pool.allowCoreThreadTimeOut(true);
                closer = pool;
            }
            return closer;
        }
    }

    // ------------------------------------------------------------------ idle timeout and pings

    private void startHeartbeat() {
        synchronized (lifecycle) {
            if (heartbeat != null || stopped) {
                return;
            }
            long shortestIdle = Long.MAX_VALUE;
            for (WebSocketRoute<?> route : routes) {
                Duration idle = route.options.idleTimeout();
                if (!idle.isZero()) {
                    shortestIdle = Math.min(shortestIdle, idle.toMillis());
                }
            }
            if (shortestIdle == Long.MAX_VALUE) {
                return;
            }
            long tick = Math.max(100, Math.min(1_000, shortestIdle / 8));
            heartbeat = Executors.newSingleThreadScheduledExecutor(daemonThreads("balda-ws-heartbeat"));
            heartbeat.scheduleWithFixedDelay(this::beat, tick, tick, TimeUnit.MILLISECONDS);
        }
    }

    private void beat() {
        long now = System.nanoTime();
        for (BaldaSocket<?> socket : sockets) {
            try {
                WebSocketOptions options = socket.route().options;
                long idle = options.idleTimeout().toNanos();
                if (idle == 0 || socket.readyState() != ReadyState.OPEN) {
                    continue;
                }
                long quiet = now - socket.lastActivityNanos();
                if (quiet >= idle) {
                    socket.closeWith(BaldaSocket.CLOSE_GOING_AWAY, "Idle timeout");
                } else if (options.sendPings() && quiet >= idle / 2 && now - socket.lastPingNanos() >= idle / 4) {
                    socket.heartbeatPing();
                }
            } catch (RuntimeException e) {
                LOG.warn("Heartbeat failed for {}", socket, e);
            }
        }
    }

    // ------------------------------------------------------------------ stop

    /** Closes every open socket with 1001 and stops the background threads; runs when the application stops. */
    private void stop() {
        List<BaldaSocket<?>> open;
        synchronized (lifecycle) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (heartbeat != null) {
                heartbeat.shutdownNow();
            }
            open = new ArrayList<>(sockets);
        }
        CountDownLatch closed = new CountDownLatch(open.size());
        for (BaldaSocket<?> socket : open) {
            closeExecutor().execute(() -> {
                try {
                    socket.closeBlocking(BaldaSocket.CLOSE_GOING_AWAY, "Server shutting down");
                } finally {
                    closed.countDown();
                }
            });
        }
        try {
            if (!closed.await(5, TimeUnit.SECONDS)) {
                LOG.warn("{} WebSockets did not finish closing within 5 s of the application stopping", closed.getCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lifecycle) {
            if (closer != null) {
                closer.shutdown();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
