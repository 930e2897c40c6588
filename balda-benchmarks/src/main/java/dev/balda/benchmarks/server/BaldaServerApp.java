package dev.balda.benchmarks.server;

import dev.balda.Balda;
import dev.balda.http.Middleware;
import dev.balda.plugin.staticfiles.StaticPlugin;
import dev.balda.servlet.BaldaFilter;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;
import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's scenarios written on Balda, through its public API only: one application per
 * context (the middleware and route-table scenarios need their own global middleware and table).
 * The JMH pipeline benchmark runs the same applications on the in-memory exchange.
 */
public final class BaldaServerApp implements ServerApp {

    @Override
    public void configure(String contextPath, ServletContext context) {
        BaldaFilter.register(context, application(contextPath, context));
    }

    /**
     * The application of one of the {@link Payloads} contexts, not started; {@code context} is
     * needed only by the static-files context (its files are the web application's).
     */
    public static Balda application(String contextPath, ServletContext context) {
        return switch (contextPath) {
            case Payloads.MAIN_CONTEXT -> main();
            case Payloads.MIDDLEWARE_CONTEXT -> middleware();
            case Payloads.TABLE_CONTEXT -> table();
            case Payloads.STATIC_CONTEXT -> staticFiles(Path.of(context.getRealPath("/")));
            default -> throw new IllegalArgumentException("No Balda application for context " + contextPath);
        };
    }

    private static Balda main() {
        Balda app = Balda.create();
        app.get("/hello", (req, res) -> Payloads.HELLO);
        app.get("/json", (req, res) -> Payloads.jsonMessage());
        app.get("/users/:userId/posts/:postId",
                (req, res) -> Payloads.userPost(req.param("userId"), req.param("postId")));
        app.get("/search", (req, res) -> {
            Map<String, String> echo = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> query : req.queries().entrySet()) {
                echo.put(query.getKey(), query.getValue().get(0));
            }
            return echo;
        });
        app.post("/json", (req, res) -> res.json(req.body(Map.class)));

        WebSockets sockets = WebSockets.on(app);
        WebSocketHandler<Void> echo = new WebSocketHandler<>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                ws.send(message.text());
            }
        };
        sockets.route(Payloads.WS_ECHO, echo);
        sockets.route(Payloads.WS_ECHO_ASYNC, echo);
        sockets.route(Payloads.WS_SUBSCRIBE, new WebSocketHandler<Void>() {
            @Override
            public void open(WebSocket<Void> ws) {
                ws.subscribe(Payloads.TOPIC);
            }
        });
        sockets.route(Payloads.WS_PUBLISH, new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                sockets.publish(Payloads.TOPIC, message.text());
            }
        });
        sockets.route(Payloads.WS_IDLE, new WebSocketHandler<Void>() { });
        return app;
    }

    private static Balda middleware() {
        Balda app = Balda.create();
        for (int i = 0; i < Payloads.MIDDLEWARE_COUNT; i++) {
            String name = "mw" + i;
            Middleware layer = (req, res, next) -> {
                req.attribute(name, Boolean.TRUE);
                next.run();
            };
            app.use(layer);
        }
        app.get("/hello", (req, res) -> Payloads.HELLO);
        return app;
    }

    /** The static plugin over the context's root, the directory the container's default servlet serves. */
    private static Balda staticFiles(Path root) {
        Balda app = Balda.create();
        app.use(StaticPlugin.directory(root));
        return app;
    }

    private static Balda table() {
        Balda app = Balda.create();
        for (int i = 0; i < Payloads.TABLE_ROUTES; i++) {
            String resource = "r" + i;
            if (Payloads.tableRouteHasItem(i)) {
                app.get(Payloads.tableRoute(i),
                        (req, res) -> Payloads.tableAnswer(resource, req.param("id"), req.param("itemId")));
            } else {
                app.get(Payloads.tableRoute(i), (req, res) -> Payloads.tableAnswer(resource, req.param("id"), null));
            }
        }
        return app;
    }
}
