package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.http.HttpException;
import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Upgrade requests run through the Balda pipeline in memory. Refusals never reach the servlet
 * upgrade call, so they need no container.
 */
class UpgradePipelineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final WebSocketHandler<Object> NOTHING = new WebSocketHandler<>() { };

    private final Balda app = Balda.create();
    private final WebSockets ws = WebSockets.on(app);
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private static MemoryExchange.Builder upgrade(String target) {
        return MemoryExchange.request("GET", target)
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
    }

    private MemoryExchange run(MemoryExchange.Builder request) {
        MemoryExchange exchange = request.build();
        try {
            assertThat(app.handle(exchange)).isTrue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        exchange.handled();
        return exchange;
    }

    private static JsonNode json(MemoryExchange exchange) {
        assertThat(exchange.responseHeader("Content-Type")).startsWith("application/json");
        try {
            return MAPPER.readTree(exchange.responseBodyBytes());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + exchange.responseBodyText(), e);
        }
    }

    /** A hook that records its call and refuses with 418 and the given body. */
    private UpgradeHook<Object> refusingHook() {
        return req -> {
            log.add("hook");
            return Upgrade.refuse(418, Map.of("refusedBy", "hook"));
        };
    }

    // ------------------------------------------------------------------ origin

    @Test
    void anOriginOutsideTheAllowListIsRefusedWith403BeforeTheHook() {
        ws.route("/ws/x", RouteOptions.of((req, res, next) -> {
            log.add("route");
            next.run();
        }), WebSocketOptions.builder().allowedOrigins("https://app.example.com").build(), refusingHook(), NOTHING);

        MemoryExchange res = run(upgrade("/ws/x").header("Origin", "https://evil.example.com"));

        assertThat(res.status()).isEqualTo(403);
        JsonNode body = json(res);
        assertThat(body.get("code").asText()).isEqualTo("ORIGIN_NOT_ALLOWED");
        assertThat(body.get("message").asText()).contains("https://evil.example.com");
        assertThat(log).as("neither route middleware nor hook ran").isEmpty();
    }

    @Test
    void aListedOriginReachesTheHookWhateverItsCase() {
        ws.route("/ws/x", WebSocketOptions.builder().allowedOrigins("https://app.example.com").build(), refusingHook(),
                NOTHING);
        MemoryExchange res = run(upgrade("/ws/x").header("Origin", "HTTPS://App.Example.com"));
        assertThat(res.status()).isEqualTo(418);
        assertThat(log).containsExactly("hook");
    }

    @Test
    void aRequestWithoutOriginReachesTheHook() {
        ws.route("/ws/x", WebSocketOptions.builder().allowedOrigins("https://app.example.com").build(), refusingHook(),
                NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(418);
        assertThat(log).containsExactly("hook");
    }

    @Test
    void withoutAnAllowListAnyOriginReachesTheHook() {
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        MemoryExchange res = run(upgrade("/ws/x").header("Origin", "https://anywhere.example.org"));
        assertThat(res.status()).isEqualTo(418);
        assertThat(log).containsExactly("hook");
    }

    // ------------------------------------------------------------------ the hook's refusals

    @Test
    void aRefusingHookAnswersItsStatusAndJsonBody() {
        ws.route("/ws/x", WebSocketOptions.defaults(),
                req -> Upgrade.refuse(401, Map.of("code", "UNAUTHORIZED", "message", "Log in first")), NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(401);
        JsonNode body = json(res);
        assertThat(body.get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(body.get("message").asText()).isEqualTo("Log in first");
        assertThat(res.responseHeader("Upgrade")).isNull();
    }

    @Test
    void aRefusingHookWithATextBodyAnswersText() {
        ws.route("/ws/x", WebSocketOptions.defaults(), req -> Upgrade.refuse(429, "Slow down"), NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(429);
        assertThat(res.responseHeader("Content-Type")).startsWith("text/plain");
        assertThat(res.responseBodyText()).isEqualTo("Slow down");
    }

    @Test
    void aRefusalWithoutBodyAnswersTheStandardErrorBody() {
        ws.route("/ws/x", WebSocketOptions.defaults(), req -> Upgrade.refuse(503, null), NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(503);
        JsonNode body = json(res);
        assertThat(body.get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(body.get("message").asText()).isEqualTo("WebSocket upgrade refused");
    }

    @Test
    void anHttpExceptionFromTheHookAnswersItsStatusAndBody() {
        ws.route("/ws/x", WebSocketOptions.defaults(), req -> {
            throw new HttpException(403, "BANNED", "You are banned");
        }, NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(403);
        JsonNode body = json(res);
        assertThat(body.get("code").asText()).isEqualTo("BANNED");
        assertThat(body.get("message").asText()).isEqualTo("You are banned");
    }

    @Test
    void aHookThatReturnsNullIsAServerError() {
        ws.route("/ws/x", WebSocketOptions.defaults(), req -> null, NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(500);
        assertThat(json(res).get("code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
    }

    @Test
    void aHookThatThrowsIsAServerError() {
        ws.route("/ws/x", WebSocketOptions.defaults(), req -> {
            throw new IllegalStateException("database down");
        }, NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(500);
        assertThat(json(res).get("code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
        assertThat(res.responseBodyText()).doesNotContain("database down");
    }

    // ------------------------------------------------------------------ what is an upgrade request

    @Test
    void aRequestWithoutUpgradeHeadersGetsTheNormal404() {
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        MemoryExchange res = run(MemoryExchange.request("GET", "/ws/x"));
        assertThat(res.status()).isEqualTo(404);
        JsonNode body = json(res);
        assertThat(body.get("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
        assertThat(body.get("message").asText()).isEqualTo("Cannot GET /ws/x");
        assertThat(log).isEmpty();
    }

    @Test
    void upgradeWithoutConnectionUpgradeOrForAnotherProtocolIsAnOrdinaryRequest() {
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        assertThat(run(MemoryExchange.request("GET", "/ws/x").header("Upgrade", "websocket")).status())
                .isEqualTo(404);
        assertThat(run(MemoryExchange.request("GET", "/ws/x").header("Connection", "Upgrade")
                .header("Upgrade", "h2c")).status()).isEqualTo(404);
        assertThat(run(upgrade("/ws/other")).status()).isEqualTo(404);
        assertThat(log).isEmpty();
    }

    @Test
    void upgradeHeadersAreMatchedWithoutRegardToCaseOrOtherTokens() {
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        MemoryExchange res = run(MemoryExchange.request("GET", "/ws/x")
                .header("Connection", "keep-alive, Upgrade")
                .header("Upgrade", "WebSocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="));
        assertThat(res.status()).isEqualTo(418);
        assertThat(log).containsExactly("hook");
    }

    // ------------------------------------------------------------------ malformed handshakes

    private MemoryExchange.Builder handshake(String version, String key) {
        MemoryExchange.Builder request = MemoryExchange.request("GET", "/ws/x")
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket");
        if (version != null) {
            request.header("Sec-WebSocket-Version", version);
        }
        if (key != null) {
            request.header("Sec-WebSocket-Key", key);
        }
        return request;
    }

    @Test
    void aWrongOrMissingVersionIs426NamingTheSupportedOneBeforeTheHook() {
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        for (MemoryExchange.Builder request : List.of(
                handshake("8", "dGhlIHNhbXBsZSBub25jZQ=="),
                handshake(null, "dGhlIHNhbXBsZSBub25jZQ=="),
                handshake("13", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Version", "8"))) {
            MemoryExchange res = run(request);
            assertThat(res.status()).isEqualTo(426);
            assertThat(res.responseHeader("Sec-WebSocket-Version")).isEqualTo("13");
            JsonNode body = json(res);
            assertThat(body.get("code").asText()).isEqualTo("UPGRADE_REQUIRED");
            assertThat(body.get("message").asText()).contains("Sec-WebSocket-Version: 13");
        }
        assertThat(log).isEmpty();
    }

    @Test
    void aMissingOrInvalidKeyIs400BeforeTheHook() {
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        for (MemoryExchange.Builder request : List.of(
                handshake("13", null),
                handshake("13", "not base64 at all!!!!!!!"),
                handshake("13", "c2hvcnQ="),                      // base64, but 5 bytes
                handshake("13", "dGhlIHNhbXBsZSBub25jZQ==").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="))) {
            MemoryExchange res = run(request);
            assertThat(res.status()).isEqualTo(400);
            JsonNode body = json(res);
            assertThat(body.get("code").asText()).isEqualTo("BAD_REQUEST");
            assertThat(body.get("message").asText()).contains("Sec-WebSocket-Key");
        }
        assertThat(log).isEmpty();
    }

    @Test
    void anHttpRouteOnTheSamePathTakesPlainRequestsAndTheWebSocketRouteTakesUpgrades() {
        app.get("/ws/x", (req, res) -> {
            log.add("http");
            return "plain";
        });
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        MemoryExchange plain = run(MemoryExchange.request("GET", "/ws/x"));
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.responseBodyText()).isEqualTo("plain");
        assertThat(run(upgrade("/ws/x")).status()).isEqualTo(418);
        assertThat(log).containsExactly("http", "hook");
    }

    @Test
    void withoutWebSocketRoutesAnUpgradeRequestIsAnOrdinaryRequest() {
        app.get("/ws/x", (req, res) -> "plain");
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.responseBodyText()).isEqualTo("plain");
        assertThat(run(upgrade("/ws/none")).status()).isEqualTo(404);
        assertThat(ws.endpointConfigs("")).isEmpty();
    }

    // ------------------------------------------------------------------ middleware

    @Test
    void globalThenRouteMiddlewareRunBeforeTheHook() {
        app.use((req, res, next) -> {
            log.add("global");
            req.attribute("user", "alice");
            res.header("X-Global", "yes");
            next.run();
        });
        RouteOptions routeMiddleware = RouteOptions.of((req, res, next) -> {
            log.add("route:" + req.attribute("user"));
            req.attribute("room", req.param("room"));
            res.header("X-Route", "yes");
            next.run();
        });
        ws.route("/chat/:room", routeMiddleware, WebSocketOptions.defaults(), req -> {
            log.add("hook");
            Map<String, Object> seen = new LinkedHashMap<>();
            seen.put("user", req.attribute("user"));
            seen.put("room", req.attribute("room"));
            seen.put("param", req.param("room"));
            seen.put("token", req.query("token"));
            return Upgrade.refuse(401, seen);
        }, NOTHING);

        MemoryExchange res = run(upgrade("/chat/lobby?token=abc"));

        assertThat(log).containsExactly("global", "route:alice", "hook");
        assertThat(res.status()).isEqualTo(401);
        assertThat(res.responseHeader("X-Global")).isEqualTo("yes");
        assertThat(res.responseHeader("X-Route")).isEqualTo("yes");
        JsonNode body = json(res);
        assertThat(body.get("user").asText()).isEqualTo("alice");
        assertThat(body.get("room").asText()).isEqualTo("lobby");
        assertThat(body.get("param").asText()).isEqualTo("lobby");
        assertThat(body.get("token").asText()).isEqualTo("abc");
    }

    @Test
    void globalMiddlewareRunsBeforeTheOriginCheckAndRouteMiddlewareAfterIt() {
        app.use((req, res, next) -> {
            log.add("global");
            res.header("X-Global", "yes");
            next.run();
        });
        ws.route("/ws/x", RouteOptions.of((req, res, next) -> {
            log.add("route");
            next.run();
        }), WebSocketOptions.builder().allowedOrigins("https://app.example.com").build(), refusingHook(), NOTHING);

        MemoryExchange res = run(upgrade("/ws/x").header("Origin", "https://evil.example.com"));

        assertThat(res.status()).isEqualTo(403);
        assertThat(res.responseHeader("X-Global")).isEqualTo("yes");
        assertThat(log).containsExactly("global");
    }

    @Test
    void middlewareThatRefusesKeepsTheHookFromRunning() {
        ws.route("/ws/x", RouteOptions.of((req, res, next) -> {
            if (req.header("Authorization") == null) {
                throw HttpException.unauthorized("No credentials");
            }
            next.run();
        }), WebSocketOptions.defaults(), refusingHook(), NOTHING);

        MemoryExchange denied = run(upgrade("/ws/x"));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(json(denied).get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(log).isEmpty();

        assertThat(run(upgrade("/ws/x").header("Authorization", "Bearer t")).status()).isEqualTo(418);
        assertThat(log).containsExactly("hook");
    }

    @Test
    void globalMiddlewareMayAnswerTheUpgradeItself() {
        app.use((req, res, next) -> res.status(429).json(Map.of("code", "TOO_MANY_REQUESTS")));
        ws.route("/ws/x", WebSocketOptions.defaults(), refusingHook(), NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(res.status()).isEqualTo(429);
        assertThat(log).isEmpty();
    }

    // ------------------------------------------------------------------ accepting

    @Test
    void acceptingOutsideAServletContainerIsAServerError() {
        // Documented: an accepted upgrade needs the servlet request, which the in-memory exchange has not.
        ws.route("/ws/x", WebSocketOptions.defaults(), req -> {
            log.add("hook");
            return Upgrade.accept("data");
        }, NOTHING);
        MemoryExchange res = run(upgrade("/ws/x"));
        assertThat(log).containsExactly("hook");
        assertThat(res.status()).isEqualTo(500);
        assertThat(json(res).get("code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
    }

    @Test
    void anAcceptedHandshakeIsHandedToABareJsr356CaptureWithDataAndSnapshot() throws Exception {
        app.use((req, res, next) -> {
            req.setIp("203.0.113.7"); // as trust-proxy middleware would
            next.run();
        });
        ws.route("/chat/:room", RouteOptions.none(), WebSocketOptions.defaults(),
                req -> Upgrade.accept("member:" + req.param("room")), new WebSocketHandler<String>() { });

        HandshakeCapture capture = new HandshakeCapture();
        MemoryExchange exchange = upgrade("/chat/lobby?token=abc").header("X-Custom", "v")
                .attribute(HandshakeCapture.ATTRIBUTE, capture).build();
        app.handle(exchange);
        exchange.handled();

        Handshake<?> handshake = capture.accepted();
        assertThat(handshake).isNotNull();
        assertThat(handshake.data).isEqualTo("member:lobby");
        assertThat(handshake.remoteAddress).isEqualTo("203.0.113.7");
        assertThat(handshake.route.pattern.toString()).isEqualTo("/chat/:room");
        UpgradeRequest snapshot = handshake.request;
        assertThat(snapshot.path()).isEqualTo("/chat/lobby");
        assertThat(snapshot.param("room")).isEqualTo("lobby");
        assertThat(snapshot.query("token")).isEqualTo("abc");
        assertThat(snapshot.header("x-custom")).isEqualTo("v");
        assertThat(snapshot.header("UPGRADE")).isEqualTo("websocket");
        assertThat(snapshot.subprotocol()).isNull();
        assertThat(exchange.responseBodyBytes()).as("Balda writes nothing for an accepted handshake").isEmpty();
    }

    @Test
    void aRefusalInABareJsr356CaptureLeavesNoHandshake() throws Exception {
        ws.route("/ws/x", WebSocketOptions.defaults(), req -> Upgrade.refuse(401, "no"), NOTHING);
        HandshakeCapture capture = new HandshakeCapture();
        MemoryExchange exchange = upgrade("/ws/x").attribute(HandshakeCapture.ATTRIBUTE, capture).build();
        app.handle(exchange);
        exchange.handled();
        assertThat(capture.accepted()).isNull();
        assertThat(exchange.status()).isEqualTo(401);
        assertThat(exchange.responseBodyText()).isEqualTo("no");
    }

    @Test
    void eachHandshakeHasItsOwnCaptureAndNoneLeaksToTheNext() throws Exception {
        ws.route("/chat/:room", RouteOptions.none(), WebSocketOptions.defaults(),
                req -> Upgrade.accept(req.param("room")), new WebSocketHandler<String>() { });
        HandshakeCapture first = new HandshakeCapture();
        HandshakeCapture second = new HandshakeCapture();
        MemoryExchange one = upgrade("/chat/one").attribute(HandshakeCapture.ATTRIBUTE, first).build();
        MemoryExchange two = upgrade("/chat/two").attribute(HandshakeCapture.ATTRIBUTE, second).build();
        app.handle(two);
        app.handle(one);
        assertThat(first.accepted().data).isEqualTo("one");
        assertThat(second.accepted().data).isEqualTo("two");

        // Without a capture the handler takes the servlet path, which an in-memory exchange lacks.
        MemoryExchange plain = upgrade("/chat/three").build();
        app.handle(plain);
        plain.handled();
        assertThat(plain.status()).isEqualTo(500);
    }
}
