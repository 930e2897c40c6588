package dev.balda.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.Balda;
import dev.balda.it.LogCapture;
import dev.balda.testkit.http.RawHttp;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.websocket.ReceivedMessage;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import dev.balda.websocket.WebSocket;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.ref.WeakReference;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The WebSocket bridge under faults, on every container: a client that stops reading, clients
 * that vanish, malformed handshakes, a subscriber that falls behind. Subclasses start
 * {@link FaultApp} on their container; where a container cannot do something, the subclass
 * overrides the hook that says what it does instead, and the README says so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebSocketFaultSuite {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final ObjectMapper JSON = new ObjectMapper();
    /** Spec: a dead socket leaves the application and runs {@code close} within 5 s. */
    static final Duration CLEANUP = Duration.ofSeconds(5);

    final FaultApp fault = new FaultApp();
    final WsTarget target = start(fault.app);
    final WebSocketTestClient client = WebSocketTestClient.of(target.baseUri()).timeout(WAIT);

    /** Starts the container of this subclass serving an application. */
    abstract WsTarget start(Balda app);

    @AfterAll
    void stopServer() {
        target.stopContainer();
    }

    @AfterEach
    void everySocketClosedExactlyOnce() throws InterruptedException {
        try {
            fault.probe.awaitEveryCloseOnce(WAIT);
        } finally {
            fault.probe.clear();
        }
    }

    // ------------------------------------------------------------------ a client that stops reading

    /**
     * A client stops reading while the server streams to it; pings come due (the heartbeat's and
     * an explicit {@code ws.ping()}) while writes are stuck. No thread may block on that peer: the
     * 20 other sockets keep their echoes, no thread waits in a send, and the stalled socket is
     * closed at its idle timeout, its connection really gone.
     */
    @Test
    void aClientThatStopsReadingIsClosedAtTheIdleTimeoutAndBlocksNoThread() throws Exception {
        List<TestWebSocket> others = new ArrayList<>();
        ExecutorService echoers = Executors.newFixedThreadPool(20);
        AtomicBoolean stalled = new AtomicBoolean(true);
        try {
            for (int i = 0; i < 20; i++) {
                others.add(client.connect("/ws/echo"));
            }
            TestWebSocket stuck = client.request("/ws/stream").receiveBufferSize(16 * 1024).connect();
            stuck.pauseReading();
            stuck.sendText("go");
            long pausedAt = System.nanoTime();
            fault.probe.await("stream full", WAIT);
            assertThat(fault.pingTheStreamedSocket()).as("the explicit ping waits behind the writes").isTrue();

            List<Future<Integer>> roundTrips = new ArrayList<>();
            for (TestWebSocket other : others) {
                roundTrips.add(echoers.submit(() -> {
                    int n = 0;
                    while (stalled.get()) {
                        other.sendText("m" + n);
                        assertThat(other.awaitText()).isEqualTo("Echo: m" + n);
                        n++;
                    }
                    return n;
                }));
            }

            String closed = null;
            Map<Long, String> inASend = Map.of();
            while (closed == null) {
                inASend = assertNoThreadStaysInASend(inASend);
                closed = fault.probe.poll("close /ws/stream", Duration.ofMillis(250));
                assertThat(System.nanoTime() - pausedAt).as("closed within idleTimeout + 5 s")
                        .isLessThanOrEqualTo(FaultApp.STREAM_IDLE.plus(CLEANUP).toNanos());
            }
            assertThat(closed).isEqualTo("close /ws/stream 1001 Idle timeout");
            stalled.set(false);
            for (Future<Integer> trips : roundTrips) {
                assertThat(trips.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("echo round trips during the stall").isPositive();
            }

            // The connection is really gone: once the client reads again it reaches the end.
            stuck.resumeReading();
            stuck.awaitClose(WAIT);
        } finally {
            stalled.set(false);
            echoers.shutdownNow();
            others.forEach(TestWebSocket::close);
        }
    }

    /**
     * Takes a thread dump and fails if a thread is inside a blocking send (a ping, a pong, Tomcat's
     * blocking message send, Jetty's blocking callback) in this dump and in the previous one, taken
     * at least 250 ms before: the only blocking send Balda makes on purpose is Tomcat's close of a
     * connection being aborted, bounded at 50 ms.
     *
     * @return the threads in a send now, for the next call
     */
    private static Map<Long, String> assertNoThreadStaysInASend(Map<Long, String> before) {
        Map<Long, String> now = new HashMap<>();
        for (ThreadInfo thread : ManagementFactory.getThreadMXBean().dumpAllThreads(false, false)) {
            for (StackTraceElement frame : thread.getStackTrace()) {
                String method = frame.getMethodName();
                boolean blockingSend = method.equals("sendPing") || method.equals("sendPong")
                        || method.equals("sendMessageBlock")
                        || frame.getClassName().equals("org.eclipse.jetty.util.FutureCallback") && method.equals("block");
                if (blockingSend) {
                    now.put(thread.getThreadId(), thread.getThreadName());
                    assertThat(before).as("thread %s still waits in a send:%n%s", thread.getThreadName(), thread)
                            .doesNotContainKey(thread.getThreadId());
                    break;
                }
            }
        }
        return now;
    }

    // ------------------------------------------------------------------ clients that vanish

    /**
     * 300 chat members drop their TCP connections at once, on a route without idle timeout: every
     * socket runs {@code close} exactly once within seconds, leaves the room, and nothing keeps it.
     */
    @Test
    void threeHundredClientsDroppingAtOnceAreAllCleanedUp() throws Exception {
        int members = 300;
        List<TestWebSocket> clients = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            clients.add(client.connect("/ws/room"));
        }
        for (int i = 0; i < members; i++) {
            fault.probe.awaitExactly("open /ws/room", WAIT);
        }
        assertThat(fault.ws.subscriberCount("room")).isEqualTo(members);

        clients.forEach(TestWebSocket::abort);

        fault.probe.awaitEveryCloseOnce(CLEANUP);
        assertThat(fault.probe.closedSockets()).isEqualTo(members);
        assertThat(fault.roomCloses.get()).isEqualTo(members);
        assertThat(fault.ws.connectionCount()).isZero();
        assertThat(fault.ws.subscriberCount("room")).isZero();
        assertNoSocketReachable();
    }

    /**
     * Every socket the application ever saw can be collected: nothing in Balda or the container
     * holds it. A socket can stay reachable for a moment after its {@code close} ran (a publish
     * still walking its old topic, a closing task still queued), so collection is retried until
     * every reference cleared, up to ten seconds; a socket that is really kept never clears.
     */
    void assertNoSocketReachable() throws InterruptedException {
        List<WeakReference<WebSocket<?>>> refs = new ArrayList<>(fault.opened);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Object pause = new Object();
        while (refs.stream().anyMatch(r -> r.get() != null) && System.nanoTime() < deadline) {
            System.gc();
            synchronized (pause) {
                pause.wait(50);
            }
        }
        assertThat(refs.stream().filter(r -> r.get() != null).map(r -> String.valueOf(r.get())).toList())
                .as("sockets still reachable after GC").isEmpty();
    }

    // ------------------------------------------------------------------ malformed handshakes

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    static String handshake(String target, String version, String key) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + (version == null ? "" : "Sec-WebSocket-Version: " + version + "\r\n")
                + (key == null ? "" : "Sec-WebSocket-Key: " + key + "\r\n")
                + "Connection: close\r\n\r\n";
    }

    /** Short pairs, so the URI stays under the containers' 8 KiB header limit. */
    static String manyParameters(int count) {
        return "/ws/echo?" + String.join("&", java.util.Collections.nCopies(count, "a=1"));
    }

    /**
     * The malformed handshakes of the spec, each with the status and error code Balda answers on a
     * servlet container. A container that answers some itself overrides this.
     */
    List<Malformed> malformedHandshakes() {
        return List.of(
                new Malformed("no key", handshake("/ws/echo", "13", null), 400, "BAD_REQUEST"),
                new Malformed("version 8", handshake("/ws/echo", "8", KEY), 426, "UPGRADE_REQUIRED"),
                new Malformed("no version", handshake("/ws/echo", null, KEY), 426, "UPGRADE_REQUIRED"),
                new Malformed("1,001 parameters", handshake(manyParameters(1001), "13", KEY), 400, "BAD_REQUEST"));
    }

    /** A malformed handshake and its answer: a status, and the error code of the body ({@code null}: no body). */
    record Malformed(String what, String request, int status, String code) {
    }

    @Test
    void malformedHandshakesGetA4xxInTheErrorShape() throws Exception {
        for (Malformed malformed : malformedHandshakes()) {
            if (malformed.code() == null) {
                // The container's own answer: no body, and it may keep the connection without framing.
                assertThat(statusOf(malformed.request())).as(malformed.what()).isEqualTo(malformed.status());
                continue;
            }
            RawHttpResponse response = RawHttp.send(target.baseUri(), malformed.request());
            assertThat(response.status()).as(malformed.what()).isEqualTo(malformed.status());
            if (malformed.status() == 426) {
                assertThat(response.header("Sec-WebSocket-Version")).as(malformed.what()).isEqualTo("13");
            }
            if (malformed.code() != null) {
                JsonNode body = JSON.readTree(response.bodyText());
                assertThat(body.get("code").asText()).as(malformed.what()).isEqualTo(malformed.code());
                assertThat(body.get("message").asText()).as(malformed.what()).isNotBlank();
            }
        }
    }

    @Test
    void aBurstOfAThousandMalformedHandshakesLogsNothingAboveDebug() throws Exception {
        List<Malformed> kinds = malformedHandshakes();
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 1000; i++) {
                Malformed malformed = kinds.get(i % kinds.size());
                assertThat(statusOf(malformed.request())).as(malformed.what()).isEqualTo(malformed.status());
            }
            assertThat(log.warnings()).as("WARN and ERROR lines").isEmpty();
        }
    }

    /** Sends a request and reads only the status line: some containers answer without framing and keep the connection. */
    int statusOf(String request) throws Exception {
        try (Socket socket = new Socket(target.baseUri().getHost(), target.baseUri().getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder line = new StringBuilder();
            for (int b = socket.getInputStream().read(); b != '\n'; b = socket.getInputStream().read()) {
                assertThat(b).as("the server answered").isNotNegative();
                line.append((char) b);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }

    // ------------------------------------------------------------------ a subscriber that falls behind

    /**
     * Publishes batches of 8 messages (128 KiB) to a feed; after each, the fast subscribers read
     * the batch, so they never fall behind, while the slow one never reads. Goes on until the slow
     * one has missed messages for three batches (however much the kernel buffers first), at most
     * 64 MiB.
     *
     * @return for each message published, whether the slow subscriber took it
     */
    List<Boolean> publishUntilTheSlowOneFallsOff(String topic, List<TestWebSocket> fast) {
        List<Boolean> slowTook = new ArrayList<>();
        int batchesAfterFirstMiss = -1;
        for (int batch = 0; batch < 512 && batchesAfterFirstMiss < 3; batch++) {
            int from = slowTook.size();
            int[] reached = fault.publish(topic, from, 8);
            for (TestWebSocket subscriber : fast) {
                for (int i = 0; i < 8; i++) {
                    assertThat(number(subscriber.awaitMessage())).as("a fast subscriber misses nothing").isEqualTo(from + i);
                }
            }
            for (int count : reached) {
                assertThat(count).as("sockets reached").isBetween(fast.size(), fast.size() + 1);
                slowTook.add(count == fast.size() + 1);
            }
            if (batchesAfterFirstMiss >= 0 || slowTook.contains(false)) {
                batchesAfterFirstMiss++;
            }
        }
        assertThat(slowTook).as("the slow subscriber missed messages").contains(false);
        return slowTook;
    }

    private static int number(ReceivedMessage message) {
        return Integer.parseInt(message.text().substring(0, 8));
    }

    @Test
    void aSlowSubscriberIsDroppedWhileTheOthersGetEveryMessage() throws Exception {
        fault.maxSlowBuffered.set(0);
        List<TestWebSocket> fast = new ArrayList<>();
        try (TestWebSocket slow = client.request("/ws/feed").query("slow", "1").receiveBufferSize(16 * 1024).connect()) {
            slow.pauseReading();
            for (int i = 0; i < 4; i++) {
                fast.add(client.connect("/ws/feed"));
            }
            for (int i = 0; i < 5; i++) {
                fault.probe.awaitExactly("open /ws/feed", WAIT);
            }
            List<Boolean> slowTook = publishUntilTheSlowOneFallsOff("feed", fast);
            // Its queue never held more than the limit, plus the one write at the container.
            assertThat(fault.maxSlowBuffered.get()).isLessThanOrEqualTo(FaultApp.FEED_LIMIT + FaultApp.FEED_MESSAGE);

            // Reading again, it gets exactly what it took, in order, and stays subscribed.
            slow.resumeReading();
            for (int n = 0; n < slowTook.size(); n++) {
                if (slowTook.get(n)) {
                    assertThat(number(slow.awaitMessage())).isEqualTo(n);
                }
            }
            assertThat(slow.pollMessage(Duration.ofMillis(200))).as("nothing beyond what it took").isNull();
            assertThat(fault.ws.subscriberCount("feed")).isEqualTo(5);
        } finally {
            fast.forEach(TestWebSocket::close);
        }
    }

    @Test
    void withCloseOnBackpressureLimitTheSlowSubscriberIsClosedWith1008() throws Exception {
        fault.maxSlowBuffered.set(0);
        List<TestWebSocket> fast = new ArrayList<>();
        try (TestWebSocket slow = client.request("/ws/feed-strict").query("slow", "1").receiveBufferSize(16 * 1024)
                .connect()) {
            slow.pauseReading();
            for (int i = 0; i < 4; i++) {
                fast.add(client.connect("/ws/feed-strict"));
            }
            for (int i = 0; i < 5; i++) {
                fault.probe.awaitExactly("open /ws/feed-strict", WAIT);
            }
            publishUntilTheSlowOneFallsOff("feed-strict", fast);
            assertThat(fault.probe.await("close /ws/feed-strict", WAIT))
                    .isEqualTo("close /ws/feed-strict 1008 Backpressure limit reached");
            assertThat(fault.maxSlowBuffered.get()).isLessThanOrEqualTo(FaultApp.FEED_LIMIT + FaultApp.FEED_MESSAGE);
            assertThat(fault.ws.subscriberCount("feed-strict")).isEqualTo(4);
            slow.resumeReading();
            slow.awaitClose(WAIT);
        } finally {
            fast.forEach(TestWebSocket::close);
        }
    }
}
