package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.redis.testing.RedisServerExtension;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.websocket.ReceivedMessage;
import dev.balda.testkit.websocket.TestWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The topic bus when Redis is not there, dies, or hangs, on two nodes (Jetty and Tomcat): the
 * application starts and serves as a single node, local delivery never stops, no request or
 * WebSocket callback waits for Redis, what cannot cross is dropped and counted, and the nodes
 * reconnect and resubscribe by themselves, with cross-node messages flowing again within 5 s of
 * Redis coming back.
 */
class RedisTopicsFaultTest {
    /** How soon after Redis is back cross-node messages must flow (the spec's promise). */
    private static final Duration BACK_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static String channel(String topic) {
        return "balda:topic:" + topic;
    }

    /** Publishes from {@code from} until {@code to} gets one of the probes; fails after {@link #BACK_WITHIN}. */
    private static Duration probeUntilReceived(TestWebSocket from, TestWebSocket to) throws Exception {
        long start = System.nanoTime();
        long deadline = start + BACK_WITHIN.toNanos();
        for (int probe = 0; System.nanoTime() < deadline; probe++) {
            from.sendText("probe " + probe);
            ReceivedMessage got = to.pollMessage(Duration.ofMillis(100));
            if (got != null) {
                assertThat(got.text()).startsWith("probe ");
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
        throw new AssertionError("No cross-node message within " + BACK_WITHIN + " of Redis coming back");
    }

    /** Takes what is left of the probes, then checks the next messages are exactly these. */
    private static void assertNextAfterProbes(TestWebSocket socket, String... expected) {
        String first;
        do {
            first = socket.awaitText();
        } while (first.startsWith("probe "));
        assertThat(first).isEqualTo(expected[0]);
        for (int i = 1; i < expected.length; i++) {
            assertThat(socket.awaitText()).isEqualTo(expected[i]);
        }
    }

    @Test
    void redisAbsentAtStartTheNodesServeAloneWarnOnceAndJoinWhenItComes(RedisServer redis) throws Exception {
        redis.kill();
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        TopicNode a;
        TopicNode b;
        TestWebSocket onA;
        TestWebSocket onB;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            a = keep(TopicNode.start(ContainerType.JETTY, redis.uri()));
            b = keep(TopicNode.start(ContainerType.TOMCAT, redis.uri()));
            onA = keep(a.join("lobby"));
            TestWebSocket alsoOnA = keep(a.join("lobby"));
            onB = keep(b.join("lobby"));

            // For a couple of seconds without Redis (several connection attempts each), every
            // node serves: local delivery, and publishes that answer at once and count as dropped.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            int round = 0;
            while (System.nanoTime() < until) {
                onA.sendText("local " + round);
                assertThat(alsoOnA.awaitText()).isEqualTo("local " + round);
                HttpResponse<String> published = b.publish("lobby", "lost " + round);
                assertThat(published.statusCode()).isEqualTo(200);
                assertThat(published.body()).isEqualTo("{\"reached\":1}");
                assertThat(onB.awaitText()).isEqualTo("lost " + round);
                round++;
            }
            assertThat(b.bus.stats().connected()).isFalse();
            assertThat(b.bus.stats().dropped()).isEqualTo(b.bus.stats().published()).isGreaterThanOrEqualTo(round);
            assertThat(a.bus.stats().sent()).isZero();
        } finally {
            System.setErr(err);
            err.print(captured.toString(StandardCharsets.UTF_8));
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(line -> line.contains("WARN") && line.contains("is not reachable")).count())
                .as("one warning per node, however many attempts:%n%s", log).isEqualTo(2);
        assertThat(log).contains("Redis at 127.0.0.1:" + redis.port() + " is not reachable")
                .contains("running as a single node");

        redis.restart();
        long back = System.nanoTime();
        // Topics subscribed while Redis was away are subscribed once it comes.
        Await.until("both nodes listening to the lobby", BACK_WITHIN, () -> {
            try {
                return redis.subscribers(channel("lobby")) == 2;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Duration flowing = probeUntilReceived(onB, onA).plusNanos(System.nanoTime() - back);
        assertThat(flowing).isLessThan(BACK_WITHIN.plusSeconds(1));
        onB.sendText("joined");
        assertNextAfterProbes(onA, "joined");
        // Each connection retries on its own back-off: A's command connection may come a moment
        // after its publish/subscribe one.
        Await.until("both nodes connected", BACK_WITHIN, () -> a.bus.stats().connected() && b.bus.stats().connected());
    }

    @Test
    void redisKilledMidRunLocalDeliveryGoesOnAndTheNodesReconnectAndResubscribe(RedisServer redis) throws Exception {
        TopicNode a = keep(TopicNode.start(ContainerType.JETTY, redis.uri()));
        TopicNode b = keep(TopicNode.start(ContainerType.TOMCAT, redis.uri()));
        TestWebSocket onA = keep(a.join("live"));
        TestWebSocket alsoOnA = keep(a.join("live"));
        TestWebSocket onB = keep(b.join("live"));
        Await.subscribers(redis, channel("live"), 2);
        onB.sendText("before");
        assertThat(onA.awaitText()).isEqualTo("before");
        assertThat(alsoOnA.awaitText()).isEqualTo("before");

        redis.kill();
        Await.until("both nodes noticed", () -> !a.bus.stats().connected() && !b.bus.stats().connected());
        // Local delivery goes on, requests and callbacks answer at once, cross-node messages are
        // dropped and counted; a topic first subscribed now is subscribed in Redis later.
        long droppedBefore = a.bus.stats().dropped();
        for (int i = 0; i < 50; i++) {
            onA.sendText("during " + i);
            assertThat(alsoOnA.awaitText()).isEqualTo("during " + i);
            assertThat(a.publish("live", "from http " + i).body()).isEqualTo("{\"reached\":2}");
            assertThat(onA.awaitText()).isEqualTo("from http " + i);
            assertThat(alsoOnA.awaitText()).isEqualTo("from http " + i);
        }
        Await.until("A's 100 publishes counted as dropped", () -> a.bus.stats().dropped() - droppedBefore == 100);
        TestWebSocket freshOnA = keep(a.join("fresh"));
        TestWebSocket freshOnB = keep(b.join("fresh"));
        assertThat(onB.pollMessage(Duration.ofMillis(200))).as("nothing crossed while Redis was away").isNull();

        redis.restart();
        long back = System.nanoTime();
        Duration probe = probeUntilReceived(onB, onA);
        Duration flowing = Duration.ofNanos(System.nanoTime() - back);
        assertThat(flowing).as("cross-node traffic again (first probe after %s)", probe).isLessThan(BACK_WITHIN);
        Await.until("the topic first subscribed while Redis was away", BACK_WITHIN, () -> {
            try {
                return redis.subscribers(channel("fresh")) == 2 && redis.subscribers(channel("live")) == 2;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        freshOnB.sendText("fresh news");
        assertThat(freshOnA.awaitText()).isEqualTo("fresh news");

        // Everything published from now on arrives, in order.
        for (int i = 0; i < 100; i++) {
            onB.sendText("after " + i);
        }
        String[] expected = new String[100];
        for (int i = 0; i < 100; i++) {
            expected[i] = "after " + i;
        }
        assertNextAfterProbes(onA, expected);
    }

    @Test
    void aHungRedisBlocksNoRequestAndNoCallbackAndTheQueueStaysBounded(RedisServer redis) throws Exception {
        // A command timeout far longer than the test: any wait on Redis would show.
        RedisOptions patient = RedisOptions.builder().uri(redis.uri()).commandTimeout(Duration.ofSeconds(60))
                .maxQueuedMessages(1_000).maxBatch(100).build();
        TopicNode a = keep(TopicNode.start(ContainerType.TOMCAT, patient));
        TopicNode b = keep(TopicNode.start(ContainerType.JETTY, redis.uri()));
        TestWebSocket onA = keep(a.join("hang"));
        TestWebSocket talker = keep(a.join("hang"));
        TestWebSocket onB = keep(b.join("hang"));
        Await.subscribers(redis, channel("hang"), 2);
        Await.until("A connected", () -> a.bus.stats().connected());

        redis.freeze();
        try {
            HttpResponse<String> many = a.publishMany("hang", 5_000);
            assertThat(many.statusCode()).isEqualTo(200);
            assertThat(many.body()).as("each of 5,000 publishes reached both local sockets").isEqualTo("{\"reached\":10000}");
            for (int i = 0; i < 5_000; i++) {
                assertThat(onA.awaitText()).isEqualTo(String.valueOf(i));
            }
            // Callbacks of one socket run one after the other: the second message is published
            // only if the first callback's publish returned.
            talker.sendText("first callback");
            talker.sendText("second callback");
            assertThat(onA.awaitText()).isEqualTo("first callback");
            assertThat(onA.awaitText()).isEqualTo("second callback");
            // The bus hears of a publish right after the local sockets have it.
            Await.until("5,002 publishes handed to the bus", () -> a.bus.stats().published() == 5_002);
            RedisTopics.Stats stats = a.bus.stats();
            assertThat(stats.dropped()).as("a batch in flight and a full queue at most are kept")
                    .isGreaterThanOrEqualTo(5_002 - 100 - 1_000);
        } finally {
            redis.thaw();
        }
        // What was queued goes out once Redis answers again; then later messages cross as before.
        Await.until("every publish sent or dropped",
                () -> a.bus.stats().sent() + a.bus.stats().dropped() == a.bus.stats().published());
        assertThat(a.bus.stats().sent()).as("the batch in flight and the queue went out").isGreaterThan(0);
        onA.sendText("after the hang");
        String got;
        do {
            got = onB.awaitText();
        } while (!got.equals("after the hang"));
    }
}
