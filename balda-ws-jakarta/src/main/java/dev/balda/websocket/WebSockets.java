package dev.balda.websocket;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.http.HttpException;
import dev.balda.http.Middleware;
import dev.balda.internal.routing.PathPattern;
import jakarta.servlet.ServletContext;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

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
    private static final String PROTOCOL = "websocket";

    private final Balda app;
    private final List<WebSocketRoute<?>> routes = new CopyOnWriteArrayList<>();
    private final SocketRegistry registry = new SocketRegistry(SessionConnection.SEND_TIMEOUT);

    private WebSockets(Balda app) {
        this.app = app;
        app.onStop(registry::stop);
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
        WebSocketRoute<T> route = new WebSocketRoute<>(PathPattern.parse(path), options, hook, handler);
        Middleware originCheck = (req, res, next) -> {
            String origin = req.header("Origin");
            if (!options.originAllowed(origin)) {
                throw new HttpException(403, "ORIGIN_NOT_ALLOWED", "Origin " + origin + " may not open this WebSocket");
            }
            next.run();
        };
        RouteOptions withOriginCheck = RouteOptions.builder().middleware(originCheck)
                .middleware(routeOptions.middleware().toArray(new Middleware[0])).build();
        app.upgrade(PROTOCOL, path, withOriginCheck, new UpgradeHandler<>(route, registry));
        routes.add(route);
        registry.routeAdded(options);
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
     * Carries this application's topics across nodes with a {@link TopicBus}, for example
     * {@code WebSockets.on(app).topics(RedisTopics.connect("redis://host:6379"))} with
     * {@code balda-redis}. A publish on any node, from a socket or from the application, then
     * reaches the topic's subscribers on every node: those of the publishing node at once, the
     * others through the bus. The bus starts here and stops when the application stops, after the
     * sockets have closed. One bus per application, installed before it serves.
     *
     * @throws IllegalStateException when a bus is already installed or the application serves
     */
    public WebSockets topics(TopicBus bus) {
        Objects.requireNonNull(bus, "bus");
        if (app.started()) {
            throw new IllegalStateException("Cannot install a topic bus: the application has started serving; "
                    + "install it where the routes are registered");
        }
        registry.topics().bus(bus);
        return this;
    }

    /**
     * Sends a text message to every socket subscribed to the topic, on every node when a
     * {@link TopicBus} is installed.
     *
     * @return how many sockets of this node accepted it (sent or queued); other nodes' sockets
     *     are not counted
     */
    public int publish(String topic, String text) {
        return registry.topics().publish(topic, Outgoing.Text.of(text), null);
    }

    /**
     * Sends a binary message to every socket subscribed to the topic, on every node when a
     * {@link TopicBus} is installed.
     *
     * @return how many sockets of this node accepted it (sent or queued)
     */
    public int publish(String topic, byte[] data) {
        return registry.topics().publish(topic, new Outgoing.Binary(data.clone()), null);
    }

    /** How many sockets of this node are subscribed to the topic (other nodes' are not counted). */
    public int subscriberCount(String topic) {
        return registry.topics().count(topic);
    }

    /** How many sockets are open. */
    public int connectionCount() {
        return registry.size();
    }

}
