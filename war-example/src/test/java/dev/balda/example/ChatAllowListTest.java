package dev.balda.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import dev.balda.testkit.websocket.HandshakeRefusedException;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An explicit allow-list (as {@code -Dexample.allowedOrigins} gives) replaces the same-origin default. */
class ChatAllowListTest {
    private static final String ALLOWED = "https://chat.example.com";

    @RegisterExtension
    static final EmbeddedServerExtension SERVER =
            EmbeddedServerExtension.on(ContainerType.TOMCAT, () -> Balda.from(new ExampleApp(List.of(ALLOWED))));

    private static WebSocketTestClient client(URI base) {
        return WebSocketTestClient.of(base).timeout(Duration.ofSeconds(10));
    }

    @Test
    void aListedOriginJoins(URI base) throws Exception {
        try (TestWebSocket ann = client(base).request("/ws/chat/listed").query("name", "Ann").origin(ALLOWED).connect()) {
            assertThat(new ObjectMapper().readTree(ann.awaitText()).get("text").asText()).isEqualTo("Ann joined");
        }
    }

    @Test
    void theServersOwnOriginIsRefusedWhenNotListed(URI base) {
        String own = base.getScheme() + "://" + base.getHost() + ":" + base.getPort();
        assertThatThrownBy(() -> client(base).request("/ws/chat/listed").query("name", "Eve").origin(own).connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.response().status()).isEqualTo(403);
                    assertThat(e.response().bodyText()).contains("ORIGIN_NOT_ALLOWED");
                });
    }
}
