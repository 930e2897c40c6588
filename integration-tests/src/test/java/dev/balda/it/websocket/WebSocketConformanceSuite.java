package dev.balda.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.Balda;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.websocket.CloseStatus;
import dev.balda.testkit.websocket.HandshakeRefusedException;
import dev.balda.testkit.websocket.ReceivedMessage;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import dev.balda.websocket.WebSockets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WebSocket contract over real sockets, the same on every container. Subclasses start
 * {@link WsSuiteApp} on their container; where a container cannot do something, the subclass
 * overrides the test to show what it does instead, and the README says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebSocketConformanceSuite {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();

    final WsSuiteApp suite = new WsSuiteApp();
    final WsTarget target = start(suite.app);
    final WebSocketTestClient client = WebSocketTestClient.of(target.baseUri()).timeout(WAIT);

    /** Starts the container of this subclass serving an application. */
    abstract WsTarget start(Balda app);

    @AfterAll
    void stopServer() {
        target.stopContainer();
    }

    /**
     * After every test: each socket it opened ran {@code close} exactly once (counted per socket
     * id, not "some close event arrived"), and nothing it recorded is left for the next test.
     */
    @AfterEach
    void everySocketClosedExactlyOnce() throws InterruptedException {
        try {
            probe().awaitEveryCloseOnce(WAIT);
        } finally {
            probe().clear();
        }
    }

    Probe probe() {
        return suite.probe;
    }

    // ------------------------------------------------------------------ messages

    @Test
    void textAndBinaryEcho() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/echo")) {
            assertThat(ws.awaitText()).isEqualTo("Hello from server");
            ws.sendText("hi there");
            assertThat(ws.awaitText()).isEqualTo("Echo: hi there");
            byte[] bytes = {0, 1, 2, (byte) 0xff, 42};
            ws.sendBinary(bytes);
            ReceivedMessage binary = ws.awaitMessage();
            assertThat(binary.isBinary()).isTrue();
            assertThat(binary.bytes()).isEqualTo(bytes);
        }
    }

    @Test
    void fragmentedAndLargeMessagesArriveWhole() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/echo")) {
            ws.awaitText();
            ws.sendFrame(TestWebSocket.OPCODE_TEXT, false, "frag".getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(TestWebSocket.OPCODE_CONTINUATION, false, "men".getBytes(StandardCharsets.UTF_8));
            ws.sendFrame(TestWebSocket.OPCODE_CONTINUATION, true, "ted".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.awaitText()).isEqualTo("Echo: fragmented");
            String large = "L".repeat(1024 * 1024);
            ws.sendText(large);
            assertThat(ws.awaitText()).isEqualTo("Echo: " + large);
        }
    }

    @Test
    void theJdkClientWorksToo() throws Exception {
        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        URI uri = URI.create("ws://" + target.baseUri().getAuthority() + target.baseUri().getPath() + "/ws/echo");
        WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(WAIT)
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        webSocket.request(1);
                        return null;
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Hello from server");
        ws.sendText("from the JDK", true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(received.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("Echo: from the JDK");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(probe().await("close /ws/echo 1000", WAIT)).isEqualTo("close /ws/echo 1000 done");
    }

    // ------------------------------------------------------------------ closing

    @Test
    void closeCodeAndReasonAreSeenOnBothSides() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/echo")) {
            ws.awaitText();
            ws.sendClose(4000, "client says bye");
            CloseStatus echoed = ws.awaitClose();
            assertThat(echoed.code()).as("the echo of the client's close: %s", echoed).isEqualTo(4000);
        }
        assertThat(probe().await("close /ws/echo 4000", WAIT)).isEqualTo("close /ws/echo 4000 client says bye");

        try (TestWebSocket ws = client.connect("/ws/echo")) {
            ws.awaitText();
            ws.sendText("close-me");
            assertThat(ws.awaitClose()).isEqualTo(new CloseStatus(4001, "server says bye"));
        }
        assertThat(probe().await("close /ws/echo 4001", WAIT)).isEqualTo("close /ws/echo 4001 server says bye");
    }

    @Test
    void anExceptionInMessageReachesErrorAndClosesWith1011() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/echo")) {
            ws.awaitText();
            ws.sendText("throw");
            assertThat(ws.awaitClose().code()).isEqualTo(1011);
        }
        assertThat(probe().await("error /ws/echo", WAIT)).isEqualTo("error /ws/echo handler failed on purpose");
        assertThat(probe().await("close /ws/echo 1011", WAIT)).startsWith("close /ws/echo 1011");
    }

    @Test
    void terminateRunsCloseOnceWith1006() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/echo")) {
            ws.awaitText();
            ws.sendText("terminate");
            assertThat(ws.awaitClose()).isNotNull();
        }
        assertThat(probe().await("close /ws/echo 1006", WAIT)).isEqualTo("close /ws/echo 1006 Terminated");
    }

    // ------------------------------------------------------------------ the upgrade request

    @Test
    void paramsQueryHeadersSubprotocolAndMiddlewareReachTheSocket() throws Exception {
        try (TestWebSocket ws = client.request("/ws/info/lobby").query("name", "Ann Lee").header("X-Test", "yes")
                .subprotocols("chat.v1", "chat.v2").connect()) {
            JsonNode info = JSON.readTree(ws.awaitText());
            assertThat(info.get("room").asText()).isEqualTo("lobby");
            assertThat(info.get("name").asText()).isEqualTo("Ann Lee");
            assertThat(info.get("header").asText()).isEqualTo("yes");
            assertThat(info.get("subprotocol").asText()).as("the client's first choice the route offers").isEqualTo("chat.v1");
            assertThat(ws.subprotocol()).isEqualTo("chat.v1");
            assertThat(info.get("global").asText()).isEqualTo("ran");
            assertThat(info.get("route").asText()).isEqualTo("ran");
            assertThat(info.get("dataName").asText()).isEqualTo("Ann Lee");
            assertThat(info.get("path").asText()).isEqualTo("/ws/info/lobby");
            assertThat(info.get("state").asText()).isEqualTo("OPEN");
        }
    }

    @Test
    void eachConnectionGetsItsOwnDataUnderConcurrentHandshakes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> greetings = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String name = "user" + i;
                greetings.add(pool.submit(() -> {
                    try (TestWebSocket ws = client.request("/ws/auth").query("token", "good").query("name", name).connect()) {
                        return ws.awaitText();
                    }
                }));
            }
            for (int i = 0; i < greetings.size(); i++) {
                assertThat(greetings.get(i).get(WAIT.toSeconds() * 2, TimeUnit.SECONDS)).isEqualTo("hello user" + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anUpgradeHookRefusesWith401AndItsBody() throws Exception {
        assertRefused(client.request("/ws/auth").query("token", "bad"), 401, "UNAUTHORIZED", "login first");
    }

    /**
     * The handshake is refused with this status and error body. A bare JSR-356 server cannot
     * answer a handshake with a status of Balda's choosing and overrides this.
     */
    void assertRefused(WebSocketTestClient.Request request, int status, String code, String message) throws Exception {
        HandshakeRefusedException refused = (HandshakeRefusedException) catchRefusal(request::connect);
        RawHttpResponse response = refused.response();
        assertThat(response.status()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.bodyText());
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("message").asText()).isEqualTo(message);
    }

    @Test
    void aForeignOriginIsRefusedWith403() throws Exception {
        try (TestWebSocket allowed = client.request("/ws/origin").origin("http://allowed.example").connect()) {
            assertThat(allowed.awaitText()).isEqualTo("Hello from server");
        }
        HandshakeRefusedException refused = (HandshakeRefusedException) catchRefusal(
                () -> client.request("/ws/origin").origin("http://evil.example").connect());
        assertThat(refused.response().status()).isEqualTo(403);
        assertForeignOriginBody(refused.response());
    }

    /** Balda's own 403 body; a container that refuses by itself overrides this. */
    void assertForeignOriginBody(RawHttpResponse response) throws Exception {
        assertThat(JSON.readTree(response.bodyText()).get("code").asText()).isEqualTo("ORIGIN_NOT_ALLOWED");
    }

    static Throwable catchRefusal(ThrowingConnect connect) {
        try {
            TestWebSocket ws = connect.connect();
            ws.abort();
            throw new AssertionError("The handshake was expected to be refused but succeeded");
        } catch (HandshakeRefusedException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("Expected a refused handshake, got " + e, e);
        }
    }

    @FunctionalInterface
    interface ThrowingConnect {
        TestWebSocket connect() throws Exception;
    }

    @Test
    void withoutWebSocketRoutesAnUpgradeRequestIsOrdinaryHttp() throws Exception {
        Balda plain = Balda.create();
        plain.get("/http-only", (req, res) -> "plain http");
        try (WsTarget server = start(plain)) {
            WebSocketTestClient plainClient = WebSocketTestClient.of(server.baseUri()).timeout(WAIT);
            HandshakeRefusedException missing = (HandshakeRefusedException) catchRefusal(() -> plainClient.connect("/ws/echo"));
            HandshakeRefusedException http = (HandshakeRefusedException) catchRefusal(() -> plainClient.connect("/http-only"));
            assertPlainHttpAnswers(missing.response(), http.response());
        }
    }

    /**
     * What an application without WebSocket routes answers an upgrade: its 404 for a path it does
     * not have, its route's answer for one it has. A server without HTTP overrides this.
     */
    void assertPlainHttpAnswers(RawHttpResponse noRoute, RawHttpResponse httpRoute) throws Exception {
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(JSON.readTree(noRoute.bodyText()).get("code").asText()).isEqualTo("ROUTE_NOT_FOUND");
        assertThat(httpRoute.status()).isEqualTo(200);
        assertThat(httpRoute.bodyText()).isEqualTo("plain http");
    }

    // ------------------------------------------------------------------ backpressure

    @Test
    void aClientThatStopsReadingGetsQueuedThenDroppedThenDrained() throws Exception {
        try (TestWebSocket ws = client.request("/ws/flood").receiveBufferSize(16 * 1024).connect()) {
            ws.pauseReading();
            ws.sendText("flood");
            String report = probe().await("flood", WAIT);
            int immediate = count(report, "immediate");
            int queued = count(report, "queued");
            assertThat(queued).as(report).isPositive();
            assertThat(count(report, "dropped")).as(report).isEqualTo(1);
            // Queued bytes stay under the limit; bufferedAmount also counts the one write in flight.
            assertThat((long) count(report, "maxBuffered")).as(report)
                    .isLessThanOrEqualTo(WsSuiteApp.FLOOD_LIMIT + WsSuiteApp.FLOOD_MESSAGE);

            ws.resumeReading();
            assertThat(probe().await("drain /ws/flood", WAIT)).isNotNull();
            // Everything accepted arrives, in order, then the message the drain handler sent.
            for (int i = 0; i < immediate + queued; i++) {
                String text = ws.awaitText();
                assertThat(text).startsWith(String.format("%08d:", i));
            }
            assertThat(ws.awaitText()).isEqualTo("drained");
        }
    }

    @Test
    void closeOnBackpressureLimitClosesWith1008() throws Exception {
        try (TestWebSocket ws = client.request("/ws/strict").receiveBufferSize(16 * 1024).connect()) {
            ws.pauseReading();
            ws.sendText("flood");
            String report = probe().await("flood", WAIT);
            assertThat(count(report, "dropped")).as(report).isEqualTo(1);
            assertThat(report).as("the socket closes at the limit").containsAnyOf("state=CLOSING", "state=CLOSED");
            ws.resumeReading();
            ReceivedMessage last;
            while ((last = ws.pollMessage(Duration.ofMillis(200))) != null || !ws.isClosed()) {
                assertThat(last == null || last.text().matches("(?s)\\d{8}:x+")).isTrue();
            }
            assertThat(ws.awaitClose().code()).isEqualTo(1008);
        }
        assertThat(probe().await("close /ws/strict 1008", WAIT)).startsWith("close /ws/strict 1008");
    }

    @Test
    void sixteenThreadsSendingToOneSocketKeepPerThreadOrder() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/ordered")) {
            ws.sendText("go");
            int[] next = new int[16];
            for (int i = 0; i < 16_000; i++) {
                String text = ws.awaitText();
                int colon = text.indexOf(':');
                int thread = Integer.parseInt(text.substring(1, colon));
                int n = Integer.parseInt(text.substring(colon + 1));
                assertThat(n).as("message %d of thread %d", n, thread).isEqualTo(next[thread]);
                next[thread]++;
            }
            assertThat(ws.awaitText()).isEqualTo("done");
            assertThat(next).containsOnly(1000);
        }
        assertThat(probe().await("ordered", WAIT)).isEqualTo("ordered refused=0");
    }

    private static int count(String report, String key) {
        for (String part : report.split(" ")) {
            if (part.startsWith(key + "=")) {
                return Integer.parseInt(part.substring(key.length() + 1));
            }
        }
        throw new AssertionError("No " + key + " in " + report);
    }

    // ------------------------------------------------------------------ topics

    @Test
    void publishReachesTheOtherSubscribersButNotTheSender() throws Exception {
        try (TestWebSocket a = client.connect("/ws/topic/r1");
             TestWebSocket b = client.connect("/ws/topic/r1");
             TestWebSocket c = client.connect("/ws/topic/r1")) {
            awaitOpened("/ws/topic", 3);
            assertThat(suite.ws.subscriberCount("room:r1")).isEqualTo(3);
            a.sendText("hi from a");
            assertThat(b.awaitText()).isEqualTo("hi from a");
            assertThat(c.awaitText()).isEqualTo("hi from a");
            assertThat(probe().await("published hi from a", WAIT)).isEqualTo("published hi from a reached=2");
            b.sendText("marker from b");
            assertThat(a.awaitText()).as("a never got its own message").isEqualTo("marker from b");
        }
    }

    @Test
    void publishToSelfReachesTheSenderToo() throws Exception {
        try (TestWebSocket a = client.connect("/ws/topic-self/r2");
             TestWebSocket b = client.connect("/ws/topic-self/r2")) {
            awaitOpened("/ws/topic-self", 2);
            a.sendText("echoed to all");
            assertThat(a.awaitText()).isEqualTo("echoed to all");
            assertThat(b.awaitText()).isEqualTo("echoed to all");
        }
    }

    @Test
    void theApplicationPublishesFromAnywhereAndCountsSubscribers() throws Exception {
        WebSockets ws = suite.ws;
        try (TestWebSocket a = client.connect("/ws/topic/r3");
             TestWebSocket b = client.connect("/ws/topic/r3")) {
            awaitOpened("/ws/topic", 2);
            assertThat(ws.subscriberCount("room:r3")).isEqualTo(2);
            assertThat(ws.publish("room:r3", "from the application")).isEqualTo(2);
            assertThat(a.awaitText()).isEqualTo("from the application");
            assertThat(b.awaitText()).isEqualTo("from the application");
            assertThat(ws.publish("room:nobody", "lost")).isZero();
            a.sendClose(4100, "leaving r3");
            b.sendClose(4100, "leaving r3");
        }
        // A socket leaves its topics before its close handler runs.
        probe().awaitExactly("close /ws/topic 4100 leaving r3", WAIT);
        probe().awaitExactly("close /ws/topic 4100 leaving r3", WAIT);
        assertThat(ws.subscriberCount("room:r3")).isZero();
    }

    /** Waits until this many sockets of the route ran {@code open} (which subscribes them). */
    void awaitOpened(String route, int sockets) throws InterruptedException {
        for (int i = 0; i < sockets; i++) {
            probe().awaitExactly("open " + route, WAIT);
        }
    }

    // ------------------------------------------------------------------ permessage-deflate

    static final String COMPRESSIBLE = "Balda compresses this line well. ".repeat(300);

    /** Whether the container installs permessage-deflate (Tyrus standalone installs no extension). */
    boolean deflateInstalled() {
        return true;
    }

    @Test
    void permessageDeflateIsNegotiatedAndCarriesMessagesBothWays() throws Exception {
        try (TestWebSocket ws = client.request("/ws/deflate").perMessageDeflate().connect()) {
            assertThat(ws.isDeflateNegotiated()).as("Sec-WebSocket-Extensions: %s", ws.extensions())
                    .isEqualTo(deflateInstalled());
            ReceivedMessage hello = ws.awaitMessage();
            assertThat(hello.text()).isEqualTo("Hello from server");

            if (deflateInstalled()) {
                ws.sendCompressedText(COMPRESSIBLE);
                ReceivedMessage echo = ws.awaitMessage();
                assertThat(echo.text()).isEqualTo("Echo: " + COMPRESSIBLE);
                assertThat(echo.wasCompressed()).as("the server compressed its answer").isTrue();
            }
            ws.sendText("plain " + COMPRESSIBLE);
            ReceivedMessage plain = ws.awaitMessage();
            assertThat(plain.text()).isEqualTo("Echo: plain " + COMPRESSIBLE);
            assertThat(plain.wasCompressed()).isEqualTo(deflateInstalled());
        }
    }

    @Test
    void withoutTheOptionTheExtensionIsNotNegotiated() throws Exception {
        try (TestWebSocket ws = client.request("/ws/echo").perMessageDeflate().connect()) {
            assertThat(ws.isDeflateNegotiated()).as("Sec-WebSocket-Extensions: %s", ws.extensions()).isFalse();
            ws.awaitText();
            ws.sendText(COMPRESSIBLE);
            ReceivedMessage echo = ws.awaitMessage();
            assertThat(echo.text()).isEqualTo("Echo: " + COMPRESSIBLE);
            assertThat(echo.wasCompressed()).isFalse();
        }
    }

    // ------------------------------------------------------------------ limits and protocol errors

    @Test
    void aMessageOverMaxPayloadLengthClosesWith1009() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/limited")) {
            ws.awaitText();
            ws.sendText("a".repeat(1000));
            assertThat(ws.awaitText()).hasSize(1006);
            ws.sendText("b".repeat(2000));
            assertThat(ws.awaitClose().code()).isEqualTo(1009);
        }
        assertThat(probe().await("close /ws/limited 1009", WAIT)).startsWith("close /ws/limited 1009");
    }

    @Test
    void invalidUtf8ClosesWith1007WhileOthersKeepWorking() throws Exception {
        try (TestWebSocket healthy = client.connect("/ws/echo"); TestWebSocket broken = client.connect("/ws/echo")) {
            healthy.awaitText();
            broken.awaitText();
            broken.sendFrame(TestWebSocket.OPCODE_TEXT, true, new byte[] {(byte) 0xC3, 0x28});
            assertThat(broken.awaitClose().code()).isEqualTo(1007);
            healthy.sendText("still here");
            assertThat(healthy.awaitText()).isEqualTo("Echo: still here");
        }
    }

    // ------------------------------------------------------------------ idle timeout

    @Test
    void anIdleClientIsClosed() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/idle")) {
            ws.awaitText();
            assertThat(ws.awaitClose().code()).isEqualTo(1001);
        }
        assertThat(probe().await("close /ws/idle 1001", WAIT)).isEqualTo("close /ws/idle 1001 Idle timeout");
    }

    @Test
    void pingsKeepALiveClientOpenPastTheIdleTimeout() throws Exception {
        try (TestWebSocket ws = client.connect("/ws/idle-pings")) {
            ws.awaitText();
            // Two idle timeouts pass with the client saying nothing but pongs.
            assertThat(ws.pollMessage(WsSuiteApp.PING_IDLE.multipliedBy(2))).isNull();
            assertThat(ws.isClosed()).isFalse();
            assertThat(ws.pingsReceived()).isPositive();
            ws.sendText("alive");
            assertThat(ws.awaitText()).isEqualTo("Echo: alive");
        }
    }

    // ------------------------------------------------------------------ stopping

    @Test
    void stoppingTheServerClosesSocketsWith1001AndRunsClose() throws Exception {
        WsSuiteApp other = new WsSuiteApp();
        WsTarget server = start(other.app);
        TestWebSocket ws = WebSocketTestClient.of(server.baseUri()).timeout(WAIT).connect("/ws/echo");
        ws.awaitText();
        stopForShutdownTest(server, other.app);
        assertThat(ws.awaitClose().code()).isEqualTo(1001);
        assertThat(other.probe.await("close /ws/echo", WAIT)).startsWith("close /ws/echo 1001");
        other.probe.awaitEveryCloseOnce(WAIT);
        ws.close();
    }

    /** How the operator stops this container; servlet containers tell Balda themselves. */
    void stopForShutdownTest(WsTarget server, Balda app) {
        server.stopContainer();
    }
}
