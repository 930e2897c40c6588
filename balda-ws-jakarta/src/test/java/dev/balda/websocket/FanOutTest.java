package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.internal.routing.PathPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A publish to a large topic on more than one thread: every subscriber gets every message once and
 * in the order published, the count is exact, the helpers really share the work, and a stopped
 * pool leaves it all to the publishing thread.
 */
class FanOutTest {
    private static final int SOCKETS = 3_000;

    private final SocketRegistry registry = new SocketRegistry(Duration.ofMillis(300));
    private final ExecutorService helpers = Executors.newFixedThreadPool(2);
    private final Set<BaldaSocket<?>> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<BaldaSocket<?>, List<String>> received = new ConcurrentHashMap<>();
    private final Set<Thread> writers = ConcurrentHashMap.newKeySet();
    /** When set, the first thread to write waits in its write until another thread has written. */
    private volatile boolean holdFirstWriter;
    private final AtomicReference<Thread> firstWriter = new AtomicReference<>();
    private final CountDownLatch secondWriter = new CountDownLatch(1);

    @AfterEach
    void stop() {
        helpers.shutdownNow();
        registry.stop();
    }

    /** Records each write on its socket's list; optionally holds the first writer until another thread wrote. */
    private final class RecordingConnection extends QuietConnection {
        private final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(Outgoing message, Consumer<Throwable> done) {
            Thread me = Thread.currentThread();
            writers.add(me);
            if (holdFirstWriter) {
                if (firstWriter.compareAndSet(null, me)) {
                    try {
                        assertThat(secondWriter.await(10, TimeUnit.SECONDS)).as("another thread took a piece").isTrue();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                } else if (firstWriter.get() != me) {
                    secondWriter.countDown();
                }
            }
            messages.add(((Outgoing.Text) message).text());
            done.accept(null);
        }
    }

    private BaldaSocket<Void> open() {
        WebSocketRoute<Void> route = new WebSocketRoute<>(PathPattern.parse("/ws"), WebSocketOptions.defaults(), null,
                new WebSocketHandler<>() { });
        UpgradeRequest request = new UpgradeRequest("/ws", Map.of(), Map.of(), Map.of(), null, null);
        RecordingConnection connection = new RecordingConnection();
        BaldaSocket<Void> socket = new BaldaSocket<>(new Handshake<>(route, registry, null, request, "127.0.0.1"), connection);
        registry.added(socket);
        socket.opened();
        received.put(socket, connection.messages);
        subscribers.add(socket);
        return socket;
    }

    private void openAll() {
        for (int i = 0; i < SOCKETS; i++) {
            open();
        }
    }

    @Test
    void onlyALargeTopicIsSharedAndOnlyWhenThereAreHelpers() {
        FanOut fanOut = new FanOut(helpers, 1);
        assertThat(fanOut.parallel(FanOut.PARALLEL_FROM - 1)).isFalse();
        assertThat(fanOut.parallel(FanOut.PARALLEL_FROM)).isTrue();
        assertThat(new FanOut(helpers, 0).parallel(100_000)).as("one core: no helpers").isFalse();
    }

    @Test
    void everySubscriberButTheSenderGetsEveryMessageOnceAndInOrder() {
        openAll();
        BaldaSocket<?> sender = subscribers.iterator().next();
        FanOut fanOut = new FanOut(helpers, 2);
        for (int n = 0; n < 20; n++) {
            assertThat(fanOut.deliver(subscribers, Outgoing.Text.of("m" + n), sender)).isEqualTo(SOCKETS - 1);
        }
        List<String> expected = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            expected.add("m" + n);
        }
        received.forEach((socket, messages) -> {
            if (socket == sender) {
                assertThat(messages).isEmpty();
            } else {
                assertThat(messages).containsExactlyElementsOf(expected);
            }
        });
    }

    @Test
    void piecesAreSentByMoreThanOneThreadAtOnce() {
        openAll();
        // Whichever thread writes first (the publisher or a helper: under load a helper may take
        // every piece before the publisher gets to one) waits until another thread has written.
        holdFirstWriter = true;
        int reached = new FanOut(helpers, 2).deliver(subscribers, Outgoing.Text.of("shared"), null);
        assertThat(reached).isEqualTo(SOCKETS);
        assertThat(writers).as("threads that wrote").hasSizeGreaterThan(1);
        received.values().forEach(messages -> assertThat(messages).containsExactly("shared"));
    }

    @Test
    void aStoppedPoolLeavesTheWholePublishToThePublishingThread() {
        openAll();
        helpers.shutdown();
        int reached = new FanOut(helpers, 2).deliver(subscribers, Outgoing.Text.of("alone"), null);
        assertThat(reached).isEqualTo(SOCKETS);
        assertThat(writers).containsExactly(Thread.currentThread());
        received.values().forEach(messages -> assertThat(messages).containsExactly("alone"));
    }

    @Test
    void theApplicationsTopicsHandALargeTopicToTheRegistrysHelpers() {
        List<BaldaSocket<Void>> sockets = new ArrayList<>();
        for (int i = 0; i < SOCKETS; i++) {
            BaldaSocket<Void> socket = open();
            socket.subscribe("big");
            sockets.add(socket);
        }
        assertThat(registry.topics().publish("big", Outgoing.Text.of("to all"), null)).isEqualTo(SOCKETS);
        sockets.forEach(socket -> assertThat(received.get(socket)).containsExactly("to all"));
    }
}
