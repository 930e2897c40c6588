package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registering WebSocket routes on a Balda application, and the JSR-356 configurations they give. */
class WebSocketsTest {
    private static final WebSocketHandler<Void> NOTHING = new WebSocketHandler<>() { };

    private final Balda app = Balda.create();

    @Test
    void onGivesOneRegistryPerApplication() {
        WebSockets first = WebSockets.on(app);
        assertThat(WebSockets.on(app)).isSameAs(first);
        Balda other = Balda.create();
        assertThat(WebSockets.on(other)).isNotSameAs(first).isSameAs(WebSockets.on(other));
    }

    @Test
    void aRouteAddsAnUpgradeRoute() {
        WebSockets ws = WebSockets.on(app);
        assertThat(ws.route("/ws/x", NOTHING)).isSameAs(ws);
        ws.route("/chat/:room", WebSocketOptions.defaults(), NOTHING);
        assertThat(app.routes()).containsExactly("UPGRADE websocket /ws/x", "UPGRADE websocket /chat/:room");
    }

    @Test
    void routesOfOneApplicationAreNotSeenByAnother() {
        WebSockets.on(app).route("/ws/x", NOTHING);
        Balda other = Balda.create();
        assertThat(WebSockets.on(other).endpointConfigs("")).isEmpty();
        assertThat(other.routes()).isEmpty();
    }

    @Test
    void aDuplicateWebSocketPathIsRefused() {
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/x", NOTHING);
        assertThatThrownBy(() -> ws.route("/ws/x", NOTHING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate route")
                .hasMessageContaining("/ws/x");
        ws.route("/chat/:room", NOTHING);
        assertThatThrownBy(() -> ws.route("/chat/:name", NOTHING))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate route");
        assertThat(ws.endpointConfigs("")).hasSize(2);
        assertThat(app.routes()).containsExactly("UPGRADE websocket /ws/x", "UPGRADE websocket /chat/:room");
    }

    @Test
    void anHttpRouteMayShareTheWebSocketPath() {
        app.get("/ws/x", (req, res) -> "plain");
        WebSockets.on(app).route("/ws/x", NOTHING);
        assertThat(app.routes()).containsExactly("GET /ws/x", "UPGRADE websocket /ws/x");
    }

    @Test
    void registeringAfterTheApplicationStartedIsRefused() {
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/early", NOTHING);
        app.start();
        assertThatThrownBy(() -> ws.route("/ws/late", NOTHING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/ws/late")
                .hasMessageContaining("started");
        assertThat(ws.endpointConfigs("")).hasSize(1);
        assertThat(app.routes()).containsExactly("UPGRADE websocket /ws/early");
    }

    @Test
    void aMalformedPathOrMissingArgumentIsRefused() {
        WebSockets ws = WebSockets.on(app);
        assertThatThrownBy(() -> ws.route("ws/x", NOTHING)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> ws.route("/ws/:", NOTHING)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ws.route("/ws/x", (WebSocketHandler<Void>) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ws.route("/ws/x", null, NOTHING)).isInstanceOf(NullPointerException.class);
        assertThat(app.routes()).isEmpty();
        assertThat(ws.endpointConfigs("")).isEmpty();
    }

    @Test
    void endpointConfigsGiveOneConfigurationPerRouteWithItsUriTemplateAndSubprotocols() {
        WebSockets ws = WebSockets.on(app);
        ws.route("/chat/:room", WebSocketOptions.builder().subprotocols("chat.v2", "chat.v1").build(), NOTHING);
        ws.route("/ws/echo", NOTHING);
        ws.route("/games/:game/players/:player", RouteOptions.none(), WebSocketOptions.defaults(),
                req -> Upgrade.accept("x"), new WebSocketHandler<String>() { });

        List<ServerEndpointConfig> configs = new ArrayList<>(ws.endpointConfigs(""));
        assertThat(configs).hasSize(3);
        assertThat(configs).extracting(ServerEndpointConfig::getPath)
                .containsExactly("/chat/{room}", "/ws/echo", "/games/{game}/players/{player}");
        assertThat(configs.get(0).getSubprotocols()).containsExactly("chat.v2", "chat.v1");
        assertThat(configs.get(1).getSubprotocols()).isEmpty();
        for (ServerEndpointConfig config : configs) {
            assertThat(config.getEndpointClass()).isEqualTo(BridgeEndpoint.class);
            assertThat(config.getConfigurator()).isInstanceOf(StandaloneConfigurator.class);
        }
        assertThat(configs.get(0).getConfigurator()).isNotSameAs(configs.get(1).getConfigurator());
    }

    @Test
    void theRootPathIsATemplateToo() {
        WebSockets ws = WebSockets.on(app);
        ws.route("/", NOTHING);
        assertThat(ws.endpointConfigs("")).extracting(ServerEndpointConfig::getPath).containsExactly("/");
    }

    @Test
    void aWildcardRouteRegistersButCannotBeAJsr356Endpoint() {
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/echo", NOTHING);
        ws.route("/files/*", NOTHING);
        assertThat(app.routes()).contains("UPGRADE websocket /files/*");
        assertThatThrownBy(() -> ws.endpointConfigs(""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/files/*")
                .hasMessageContaining("URI template");
    }

    @Test
    void withoutSocketsTopicsAndCountsAreEmpty() {
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/x", NOTHING);
        assertThat(ws.connectionCount()).isZero();
        assertThat(ws.subscriberCount("news")).isZero();
        assertThat(ws.publish("news", "hello")).isZero();
        assertThat(ws.publish("news", new byte[] {1, 2})).isZero();
    }

    @Test
    void stoppingTheApplicationWithoutSocketsIsQuiet() {
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/x", NOTHING);
        app.start();
        app.stop();
        app.stop();
        assertThat(ws.connectionCount()).isZero();
    }
}
