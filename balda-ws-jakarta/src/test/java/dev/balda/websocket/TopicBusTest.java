package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import dev.balda.internal.routing.PathPattern;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The topic bus SPI as the WebSocket module drives it: what the bus is told (every local publish
 * after local delivery, a topic's first and last subscriber, the stop), and what it may do
 * (deliver to this node's subscribers only, never back into itself). The Redis bus on real
 * containers is tested in balda-redis.
 */
class TopicBusTest {
    private final SocketRegistry registry = new SocketRegistry(Duration.ofMillis(300));
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final RecordingBus bus = new RecordingBus(events);

    @AfterEach
    void stop() {
        registry.stop();
    }

    /** A bus that records what it is told, in one list with the sockets' writes. */
    static class RecordingBus implements TopicBus {
        final List<String> events;
        volatile TopicBus.LocalTopics local;
        volatile byte[] lastBinary;

        RecordingBus(List<String> events) {
            this.events = events;
        }

        @Override
        public void start(LocalTopics local) {
            this.local = local;
            events.add("start");
        }

        @Override
        public void published(String topic, String text) {
            events.add("bus " + topic + " " + text);
        }

        @Override
        public void published(String topic, byte[] data) {
            lastBinary = data;
            events.add("bus " + topic + " " + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void subscribed(String topic) {
            events.add("first " + topic);
        }

        @Override
        public void unsubscribed(String topic) {
            events.add("last " + topic);
        }

        @Override
        public void stop() {
            events.add("stop");
        }
    }

    /** A connection whose writes complete at once and are recorded by socket name. */
    private static final class WritingConnection extends QuietConnection {
        private final String name;
        private final List<String> events;

        WritingConnection(String name, List<String> events) {
            this.name = name;
            this.events = events;
        }

        @Override
        public void write(Outgoing message, Consumer<Throwable> done) {
            String body = message instanceof Outgoing.Text text ? text.text()
                    : "binary " + new String(((Outgoing.Binary) message).bytes(), StandardCharsets.UTF_8);
            events.add(name + " got " + body);
            done.accept(null);
        }
    }

    private BaldaSocket<Void> open(String name) {
        WebSocketRoute<Void> route = new WebSocketRoute<>(PathPattern.parse("/ws"), WebSocketOptions.defaults(), null,
                new WebSocketHandler<>() { });
        UpgradeRequest request = new UpgradeRequest("/ws", Map.of(), Map.of(), Map.of(), null, null);
        BaldaSocket<Void> socket = new BaldaSocket<>(new Handshake<>(route, registry, null, request, "127.0.0.1"),
                new WritingConnection(name, events));
        registry.added(socket);
        socket.opened();
        return socket;
    }

    @Test
    void theBusHearsOfEveryLocalPublishAfterTheLocalSubscribersHaveIt() {
        registry.topics().bus(bus);
        BaldaSocket<Void> ann = open("ann");
        BaldaSocket<Void> bob = open("bob");
        ann.subscribe("room");
        bob.subscribe("room");
        events.clear();

        assertThat(registry.topics().publish("room", Outgoing.Text.of("hello"), null)).isEqualTo(2);
        assertThat(events).containsExactlyInAnyOrder("ann got hello", "bob got hello", "bus room hello");
        assertThat(events.get(2)).as("the bus comes after local delivery").isEqualTo("bus room hello");

        events.clear();
        assertThat(ann.publish("room", "from ann")).as("publishToSelf is off").isEqualTo(1);
        assertThat(events).containsExactly("bob got from ann", "bus room from ann");
    }

    @Test
    void aPublishToATopicWithNoLocalSubscriberStillGoesToTheBus() {
        registry.topics().bus(bus);
        events.clear();
        assertThat(registry.topics().publish("elsewhere", Outgoing.Text.of("hi"), null)).isZero();
        assertThat(events).containsExactly("bus elsewhere hi");
    }

    @Test
    void aBinaryPublishHandsTheBusTheBytesNotTheCallersArray() {
        WebSockets ws = WebSockets.on(Balda.create());
        RecordingBus facadeBus = new RecordingBus(events);
        ws.topics(facadeBus);
        byte[] mine = "abc".getBytes(StandardCharsets.UTF_8);
        ws.publish("bin", mine);
        mine[0] = 'x';
        assertThat(facadeBus.lastBinary).isNotSameAs(mine).containsExactly('a', 'b', 'c');
        assertThat(events).containsExactly("start", "bus bin abc");
    }

    @Test
    void theBusHearsOfATopicsFirstAndLastSubscriberOnly() {
        registry.topics().bus(bus);
        BaldaSocket<Void> ann = open("ann");
        BaldaSocket<Void> bob = open("bob");
        events.clear();

        ann.subscribe("room");
        bob.subscribe("room");
        bob.subscribe("other");
        assertThat(events).containsExactly("first room", "first other");

        ann.unsubscribe("room");
        assertThat(events).containsExactly("first room", "first other");
        bob.closedByContainer(1000, "");
        assertThat(events).as("a closing socket leaves its topics").containsExactlyInAnyOrder(
                "first room", "first other", "last room", "last other");
    }

    @Test
    void messagesFromOtherNodesReachLocalSubscribersOnlyAndNeverReturnToTheBus() {
        registry.topics().bus(bus);
        BaldaSocket<Void> ann = open("ann");
        ann.subscribe("room");
        events.clear();

        assertThat(bus.local.deliver("room", "from node b")).isEqualTo(1);
        assertThat(bus.local.deliver("room", "bytes".getBytes(StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(bus.local.deliver("nobody-here", "lost")).isZero();
        assertThat(events).containsExactly("ann got from node b", "ann got binary bytes");
        assertThat(bus.local.subscriberCount("room")).isEqualTo(1);
        assertThat(bus.local.subscriberCount("nobody-here")).isZero();
    }

    @Test
    void underConcurrentSubscribesEveryFirstAndLastIsReportedOnce() throws Exception {
        registry.topics().bus(bus);
        List<BaldaSocket<Void>> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sockets.add(open("s" + i));
        }
        events.clear();
        // Rounds start together from an empty topic, so however the threads are scheduled the topic
        // gains a first subscriber at least once a round; within a round they race.
        int rounds = 200;
        CyclicBarrier roundStart = new CyclicBarrier(sockets.size());
        ExecutorService threads = Executors.newFixedThreadPool(sockets.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (BaldaSocket<Void> socket : sockets) {
                done.add(threads.submit(() -> {
                    for (int round = 0; round < rounds; round++) {
                        roundStart.await(10, TimeUnit.SECONDS);
                        for (int i = 0; i < 100; i++) {
                            if (i % 2 == 0) {
                                socket.subscribe("hot");
                            } else {
                                socket.unsubscribe("hot"); // a round ends unsubscribed
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        long firsts;
        long lasts;
        synchronized (events) {
            firsts = events.stream().filter("first hot"::equals).count();
            lasts = events.stream().filter("last hot"::equals).count();
        }
        // Each change from none to some and back is reported exactly once: every first has its last.
        assertThat(registry.topics().count("hot")).isZero();
        assertThat(lasts).isEqualTo(firsts);
        assertThat(firsts).as("the topic changed hands at least once a round").isGreaterThanOrEqualTo(rounds);
    }

    @Test
    void whenTheBusHearsOfAChangeTheCountShowsIt() {
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        RecordingBus counting = new RecordingBus(events) {
            @Override
            public void subscribed(String topic) {
                seen.add(local.subscriberCount(topic));
            }

            @Override
            public void unsubscribed(String topic) {
                seen.add(local.subscriberCount(topic));
            }
        };
        registry.topics().bus(counting);
        BaldaSocket<Void> ann = open("ann");
        ann.subscribe("room");
        ann.unsubscribe("room");
        assertThat(seen).containsExactly(1, 0);
    }

    @Test
    void theApplicationInstallsOneBusBeforeItServesAndStopsItAfterTheSockets() {
        Balda app = Balda.create();
        WebSockets ws = WebSockets.on(app);
        assertThat(ws.topics(bus)).isSameAs(ws);
        assertThatThrownBy(() -> ws.topics(new RecordingBus(new ArrayList<>())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already installed");
        assertThatThrownBy(() -> ws.topics(null)).isInstanceOf(NullPointerException.class);
        app.start();
        assertThatThrownBy(() -> WebSockets.on(app).topics(new RecordingBus(new ArrayList<>())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("started serving");
        app.stop();
        app.stop();
        assertThat(events).containsExactly("start", "stop");
    }
}
