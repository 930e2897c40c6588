package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.plugin.ratelimit.RateLimitPlugin;
import dev.balda.testkit.websocket.HandshakeRefusedException;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The rate limiter over real HTTP: headers, 429, exactly the limit under 50 concurrent clients,
 * and WebSocket handshakes refused before the upgrade. Each test counts under its own key
 * ({@code X-Client}), so the tests of the suite share one server without sharing a budget.
 */
abstract class RateLimitSuite extends PluginSuite {
    final AtomicInteger handled = new AtomicInteger();

    @Override
    Balda app() {
        Balda app = Balda.create();
        app.use(RateLimitPlugin.builder().limit(10).window(Duration.ofMinutes(1))
                .key(req -> req.header("X-Client") != null ? req.header("X-Client") : req.ip()).build());
        app.get("/work", (req, res) -> {
            handled.incrementAndGet();
            return "done";
        });
        app.post("/announce", RouteOptions.of(RateLimitPlugin.builder().limit(2).build()), (req, res) -> "sent");
        WebSockets.on(app).route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void message(WebSocket<Void> ws, WebSocketMessage message) {
                ws.send(message.text());
            }
        });
        return app;
    }

    @Test
    void everyAnswerCarriesTheHeadersAndTheEleventhIs429() throws Exception {
        for (int i = 1; i <= 10; i++) {
            HttpResponse<String> r = get("/work", "X-Client", "headers");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("RateLimit-Limit")).hasValue("10");
            assertThat(r.headers().firstValue("RateLimit-Remaining")).hasValue(String.valueOf(10 - i));
            assertThat(Long.parseLong(r.headers().firstValue("RateLimit-Reset").orElseThrow())).isBetween(1L, 60L);
        }
        HttpResponse<String> refused = get("/work", "X-Client", "headers");

        assertError(refused, 429, "TOO_MANY_REQUESTS");
        assertThat(refused.headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void aLimitOfTenHoldsUnder50ConcurrentClients() throws Exception {
        int before = handled.get();
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit(() -> {
                    go.await();
                    return get("/work", "X-Client", "crowd").statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }

            assertThat(Collections.frequency(statuses, 200)).isEqualTo(10);
            assertThat(Collections.frequency(statuses, 429)).isEqualTo(40);
            assertThat(handled.get() - before).isEqualTo(10);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aRouteLimitCountsOnItsOwn() throws Exception {
        assertThat(send("POST", "/announce", "X-Client", "route").statusCode()).isEqualTo(200);
        assertThat(send("POST", "/announce", "X-Client", "route").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = send("POST", "/announce", "X-Client", "route");

        assertError(refused, 429, "TOO_MANY_REQUESTS");
        assertThat(refused.headers().firstValue("RateLimit-Limit")).hasValue("2");
    }

    @Test
    void aWebSocketHandshakeOverTheLimitIs429BeforeTheUpgrade() throws Exception {
        for (int i = 0; i < 10; i++) {
            try (TestWebSocket ws = webSockets().request("/ws/echo").header("X-Client", "sockets").connect()) {
                ws.sendText("ping " + i);
                assertThat(ws.awaitText()).isEqualTo("ping " + i);
            }
        }

        assertThatThrownBy(() -> webSockets().request("/ws/echo").header("X-Client", "sockets").connect())
                .isInstanceOfSatisfying(HandshakeRefusedException.class, e -> {
                    assertThat(e.response().status()).isEqualTo(429);
                    assertThat(e.response().header("Retry-After")).isNotNull();
                    assertThat(e.response().bodyText()).contains("TOO_MANY_REQUESTS");
                });
    }
}
