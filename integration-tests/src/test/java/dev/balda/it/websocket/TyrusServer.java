package dev.balda.it.websocket;

import dev.balda.Balda;
import dev.balda.websocket.WebSockets;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.glassfish.tyrus.server.Server;

/**
 * Tyrus 2.2 standalone on Grizzly, with a Balda application's WebSocket routes deployed through a
 * {@link ServerApplicationConfig}, as the README shows. Tyrus instantiates the configuration class
 * itself, so the application reaches it through a field set just before the server starts (starts
 * are serialised).
 */
final class TyrusServer implements WsTarget {
    private static Balda deploying;

    /** The configuration class Tyrus instantiates. */
    public static final class Endpoints implements ServerApplicationConfig {
        private final Balda app = deploying;

        @Override
        public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
            return WebSockets.on(app).endpointConfigs("");
        }

        @Override
        public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
            return scanned;
        }
    }

    private final Server server;

    private TyrusServer(Server server) {
        this.server = server;
    }

    static synchronized TyrusServer start(Balda app) {
        deploying = app;
        // Port -1 asks Tyrus for a free port (0 would mean its default).
        Server server = new Server("127.0.0.1", -1, "/", Map.of(), Endpoints.class);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Tyrus did not start", e);
        } finally {
            deploying = null;
        }
        return new TyrusServer(server);
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getPort());
    }

    @Override
    public void stopContainer() {
        server.stop();
    }
}
