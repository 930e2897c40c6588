package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.internal.routing.PathPattern;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The socket's state machine over a connection the test controls: every way a socket ends runs
 * {@code close} exactly once, leaves the registry and its topics, and never waits on the peer
 * longer than the registry's deadline. The containers themselves are covered by the conformance
 * suite in integration-tests.
 */
class BaldaSocketTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final long WAIT_SECONDS = 10;

    /** A connection whose writes, pings and closes the test decides. */
    static class TestConnection implements Connection {
        final LinkedBlockingQueue<Consumer<Throwable>> pendingWrites = new LinkedBlockingQueue<>();
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch aborted = new CountDownLatch(1);
        final CountDownLatch closeCalled = new CountDownLatch(1);
        final CountDownLatch pingStarted = new CountDownLatch(1);
        volatile CountDownLatch pingRelease = new CountDownLatch(0);

        @Override
        public void write(Outgoing message, Consumer<Throwable> done) {
            calls.add("write " + ((Outgoing.Text) message).text());
            pendingWrites.add(done);
        }

        @Override
        public void ping(Outgoing.Ping ping) throws Exception {
            calls.add("ping");
            pingStarted.countDown();
            if (!pingRelease.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("never released");
            }
        }

        @Override
        public void close(int code, String reason) {
            calls.add("close " + code + " " + reason);
            closeCalled.countDown();
        }

        @Override
        public void abort() {
            calls.add("abort");
            aborted.countDown();
        }

        @Override
        public void detach() {
            calls.add("detach");
        }

        @Override
        public String subprotocol() {
            return null;
        }

        Consumer<Throwable> nextWrite() throws InterruptedException {
            Consumer<Throwable> done = pendingWrites.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(done).as("a write in flight").isNotNull();
            return done;
        }
    }

    /** Records the handler's events; {@code close} events go to their own queue so tests can wait. */
    static final class Recorder implements WebSocketHandler<Void> {
        final LinkedBlockingQueue<String> closes = new LinkedBlockingQueue<>();
        final List<String> events = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void close(WebSocket<Void> ws, int code, String reason) {
            closes.add(code + " " + reason);
        }

        @Override
        public void error(WebSocket<Void> ws, Throwable error) {
            events.add("error " + error.getMessage());
        }

        String awaitClose() throws InterruptedException {
            String close = closes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(close).as("close ran").isNotNull();
            return close;
        }

        void assertNoSecondClose() throws InterruptedException {
            // The registry's deadline is the latest any second close could come; wait past it.
            assertThat(closes.poll(DEADLINE.toMillis() * 3, TimeUnit.MILLISECONDS)).as("a second close").isNull();
        }
    }

    private final SocketRegistry registry = new SocketRegistry(DEADLINE);
    private final TestConnection connection = new TestConnection();
    private final Recorder handler = new Recorder();

    @AfterEach
    void stop() {
        registry.stop();
    }

    /** A socket of a route {@code /ws} with these options and handler, over this connection, in the registry. */
    private BaldaSocket<Void> socket(WebSocketOptions options, WebSocketHandler<Void> handler, Connection connection) {
        WebSocketRoute<Void> route = new WebSocketRoute<>(PathPattern.parse("/ws"), options, null, handler);
        UpgradeRequest request = new UpgradeRequest("/ws", Map.of(), Map.of(), Map.of(), null, null);
        BaldaSocket<Void> socket = new BaldaSocket<>(new Handshake<>(route, registry, null, request, "127.0.0.1"), connection);
        registry.added(socket);
        return socket;
    }

    private BaldaSocket<Void> open(WebSocketOptions options) {
        BaldaSocket<Void> socket = socket(options, handler, connection);
        socket.opened();
        return socket;
    }

    private BaldaSocket<Void> open() {
        return open(WebSocketOptions.defaults());
    }

    @Nested
    class WhenTheContainerReportsTheEnd {
        @Test
        void closeRunsWithThePeersCodeAndTheSocketLeavesRegistryAndTopics() throws Exception {
            BaldaSocket<Void> socket = open();
            socket.subscribe("room");
            assertThat(registry.size()).isEqualTo(1);
            socket.closedByContainer(4000, "bye");
            assertThat(handler.awaitClose()).isEqualTo("4000 bye");
            assertThat(registry.size()).isZero();
            assertThat(registry.topics().count("room")).isZero();
            assertThat(socket.readyState()).isEqualTo(ReadyState.CLOSED);
            assertThat(socket.send("late")).isZero();
            socket.closedByContainer(1006, "");
            handler.assertNoSecondClose();
        }

        @Test
        void theEchoOfACloseBaldaStartedReportsBaldasReason() throws Exception {
            BaldaSocket<Void> socket = open();
            socket.close(4001, "server says bye");
            assertThat(connection.closeCalled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            socket.closedByContainer(4001, "");
            assertThat(handler.awaitClose()).isEqualTo("4001 server says bye");
            assertThat(connection.calls).doesNotContain("abort");
        }

        @Test
        void anErrorWithoutACloseReportEndsTheSocketAtTheDeadline() throws Exception {
            BaldaSocket<Void> socket = open();
            socket.transportError(new IOException("reset by peer"));
            assertThat(handler.awaitClose()).isEqualTo("1006 Transport error");
            assertThat(handler.events).containsExactly("error reset by peer");
            assertThat(connection.aborted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(socket.readyState()).isEqualTo(ReadyState.CLOSED);
        }
    }

    @Nested
    class WhenAWriteFails {
        @Test
        void closeRunsAtOnceWith1006AndTheConnectionIsAborted() throws Exception {
            BaldaSocket<Void> socket = open();
            socket.subscribe("room");
            assertThat(socket.send("a")).isEqualTo(1);
            assertThat(socket.send("b")).isEqualTo(-1);
            connection.nextWrite().accept(new IOException("Broken pipe"));
            assertThat(handler.awaitClose()).isEqualTo("1006 Write failed");
            assertThat(connection.aborted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(registry.size()).isZero();
            assertThat(registry.topics().count("room")).isZero();
            assertThat(connection.calls).containsExactly("write a", "detach", "abort");
            // Tomcat reports nothing more; a container that does is ignored.
            socket.closedByContainer(1006, "");
            handler.assertNoSecondClose();
        }
    }

    @Nested
    class WhenBaldaCloses {
        @Test
        void anUnconfirmedCloseEndsAtTheDeadlineWithBaldasCodeAndAnAbort() throws Exception {
            BaldaSocket<Void> socket = open();
            socket.send("stuck");
            socket.closeWith(CloseCodes.GOING_AWAY, "Idle timeout");
            assertThat(socket.readyState()).isEqualTo(ReadyState.CLOSING);
            assertThat(socket.send("more")).isZero();
            assertThat(handler.awaitClose()).isEqualTo("1001 Idle timeout");
            assertThat(connection.aborted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            // The close frame waited for the stuck write, which never finished: the connection is cut instead.
            assertThat(connection.calls).containsExactly("write stuck", "detach", "abort");
            assertThat(registry.size()).isZero();
            socket.closedByContainer(1006, "");
            handler.assertNoSecondClose();
        }

        @Test
        void closeNeverBlocksTheCallerEvenWhenTheContainersCloseDoes() throws Exception {
            CountDownLatch release = new CountDownLatch(1);
            TestConnection blocking = new TestConnection() {
                @Override
                public void close(int code, String reason) {
                    super.close(code, reason);
                    try {
                        release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            BaldaSocket<Void> socket = socket(WebSocketOptions.defaults(), handler, blocking);
            socket.close();
            // The caller is back while the container's close is still blocked on the closer thread.
            assertThat(blocking.closeCalled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(socket.readyState()).isEqualTo(ReadyState.CLOSING);
            assertThat(handler.awaitClose()).as("the deadline does not wait for the blocked close").isEqualTo("1000 ");
            release.countDown();
        }

        @Test
        void theCloseFrameFollowsTheWriteInFlightAndTheEchoEndsTheSocket() throws Exception {
            BaldaSocket<Void> socket = open();
            socket.send("last words");
            socket.close(4002, "done");
            assertThat(connection.calls).as("the close frame waits for the write").containsExactly("write last words");
            connection.nextWrite().accept(null);
            assertThat(connection.closeCalled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.calls).containsExactly("write last words", "close 4002 done");
            socket.closedByContainer(4002, "done");
            assertThat(handler.awaitClose()).isEqualTo("4002 done");
            assertThat(connection.calls).doesNotContain("abort");
        }

        @Test
        void terminateRunsCloseAt1006AndAborts() throws Exception {
            BaldaSocket<Void> socket = open();
            socket.terminate();
            assertThat(handler.awaitClose()).isEqualTo("1006 Terminated");
            assertThat(connection.aborted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            socket.close();
            handler.assertNoSecondClose();
        }

        @Test
        void aMessageOverMaxPayloadLengthClosesWith1009() throws Exception {
            BaldaSocket<Void> socket = open(WebSocketOptions.builder().maxPayloadLength(4).build());
            socket.onTextPart("abc", false);
            socket.onTextPart("de", true);
            assertThat(connection.closeCalled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.calls).contains("close 1009 Message larger than 4 bytes");
        }
    }

    @Nested
    class Pings {
        @Test
        void aPingThatOverrunsTheDeadlineAbandonsTheSocketAndFreesThePinger() throws Exception {
            connection.pingRelease = new CountDownLatch(1);
            BaldaSocket<Void> socket = open();
            assertThat(socket.ping(new byte[0])).isTrue();
            assertThat(connection.pingStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(handler.awaitClose()).isEqualTo("1006 Ping timed out");
            assertThat(connection.aborted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            connection.pingRelease.countDown(); // what the abort does to a container's blocked ping
        }

        @Test
        void aPingIsNeverSentWhileAWriteIsInFlight() throws Exception {
            BaldaSocket<Void> socket = open();
            assertThat(socket.send("a")).isEqualTo(1);
            assertThat(socket.ping(new byte[] {1})).isTrue();
            assertThat(connection.pingStarted.await(DEADLINE.toMillis() * 2, TimeUnit.MILLISECONDS)).isFalse();
            connection.nextWrite().accept(null);
            assertThat(connection.pingStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.calls).containsExactly("write a", "ping");
        }

        @Test
        void theHeartbeatClosesAnIdleSocketAndPingsAQuietOne() throws Exception {
            WebSocketOptions options = WebSocketOptions.builder().idleTimeout(Duration.ofSeconds(10)).build();
            BaldaSocket<Void> quiet = open(options);
            long now = System.nanoTime();
            quiet.heartbeat(now + Duration.ofSeconds(4).toNanos());
            assertThat(connection.calls).as("not yet half the idle timeout").isEmpty();
            quiet.heartbeat(now + Duration.ofSeconds(6).toNanos());
            assertThat(connection.pingStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            quiet.heartbeat(now + Duration.ofSeconds(11).toNanos());
            assertThat(connection.closeCalled.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(connection.calls).containsExactly("ping", "close 1001 Idle timeout");
        }

        @Test
        void aPongIsTrafficAndPostponesTheIdleTimeout() {
            WebSocketOptions options = WebSocketOptions.builder().idleTimeout(Duration.ofSeconds(10)).sendPings(false).build();
            BaldaSocket<Void> socket = open(options);
            long opened = System.nanoTime();
            socket.onPong();
            socket.heartbeat(opened + Duration.ofSeconds(9).toNanos());
            assertThat(socket.readyState()).isEqualTo(ReadyState.OPEN);
        }
    }

    @Test
    void everyWayOfEndingAtOnceStillRunsCloseExactlyOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        List<Recorder> recorders = new ArrayList<>();
        try {
            for (int round = 0; round < 200; round++) {
                Recorder recorder = new Recorder();
                recorders.add(recorder);
                TestConnection conn = new TestConnection();
                BaldaSocket<Void> socket = socket(WebSocketOptions.defaults(), recorder, conn);
                socket.send("in flight");
                Consumer<Throwable> write = conn.nextWrite();
                CyclicBarrier start = new CyclicBarrier(4);
                List<Runnable> endings = List.of(
                        () -> socket.closedByContainer(1006, ""),
                        () -> write.accept(new IOException("reset")),
                        () -> socket.closeWith(CloseCodes.GOING_AWAY, "Idle timeout"),
                        socket::terminate);
                for (Runnable ending : endings) {
                    threads.execute(() -> {
                        try {
                            start.await(WAIT_SECONDS, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                        ending.run();
                    });
                }
                recorder.awaitClose();
                assertThat(socket.readyState()).isEqualTo(ReadyState.CLOSED);
            }
            assertThat(registry.size()).isZero();
            // Past every deadline the rounds scheduled, no socket reported a second close.
            recorders.get(recorders.size() - 1).assertNoSecondClose();
            for (Recorder recorder : recorders) {
                assertThat(recorder.closes).isEmpty();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
