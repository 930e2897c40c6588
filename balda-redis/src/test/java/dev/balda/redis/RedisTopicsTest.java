package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.redis.testing.RedisServerExtension;
import dev.balda.websocket.TopicBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis topic bus on its own against a real redis-server: two buses (two nodes) with local
 * topics the test keeps. Framing, no echo, order, subscriptions only for topics with local
 * subscribers, the bounded queue. The same on real containers: {@link MultiNodeTopicsTest}; faults:
 * {@link RedisTopicsFaultTest}.
 */
class RedisTopicsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private final List<RedisTopics> buses = new ArrayList<>();

    @AfterEach
    void stopBuses() {
        buses.forEach(RedisTopics::stop);
    }

    /** A node's topics as the test keeps them: subscriber counts it sets, deliveries it records. */
    static final class Node implements TopicBus.LocalTopics {
        final Map<String, Integer> counts = new ConcurrentHashMap<>();
        final LinkedBlockingQueue<Object[]> delivered = new LinkedBlockingQueue<>();

        @Override
        public int deliver(String topic, String text) {
            delivered.add(new Object[] {topic, text});
            return counts.getOrDefault(topic, 0);
        }

        @Override
        public int deliver(String topic, byte[] data) {
            delivered.add(new Object[] {topic, data});
            return counts.getOrDefault(topic, 0);
        }

        @Override
        public int subscriberCount(String topic) {
            return counts.getOrDefault(topic, 0);
        }

        Object[] next() throws InterruptedException {
            Object[] message = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(message).as("a message within " + WAIT).isNotNull();
            return message;
        }
    }

    private RedisTopics bus(RedisServer redis, Node node, RedisOptions.Builder options) {
        RedisTopics bus = RedisTopics.connect(options.uri(redis.uri()).build());
        buses.add(bus);
        bus.start(node);
        return bus;
    }

    private RedisTopics bus(RedisServer redis, Node node) {
        return bus(redis, node, RedisOptions.builder());
    }

    /** A node's first subscriber to the topic, and Redis listening for it. */
    private static void subscribe(RedisServer redis, RedisTopics bus, Node node, String topic, long listeners) {
        node.counts.merge(topic, 1, Integer::sum);
        bus.subscribed(topic);
        Await.subscribers(redis, "balda:topic:" + topic, listeners);
    }

    @Test
    void aMessageReachesTheOtherNodeByteForByteAndNeverComesBack(RedisServer redis) throws Exception {
        Node a = new Node();
        Node b = new Node();
        RedisTopics busA = bus(redis, a);
        RedisTopics busB = bus(redis, b);
        subscribe(redis, busA, a, "room", 1);
        subscribe(redis, busB, b, "room", 2);
        Await.until("both buses connected", () -> busA.stats().connected() && busB.stats().connected());

        String text = "héllo \u4e16\u754c \ud83d\ude80";
        byte[] binary = new byte[256 + 100_000];
        for (int i = 0; i < 256; i++) {
            binary[i] = (byte) i;
        }
        byte[] random = new byte[100_000];
        new Random(5).nextBytes(random);
        System.arraycopy(random, 0, binary, 256, random.length);

        busA.published("room", text);
        busA.published("room", binary);
        busA.published("room", "");
        busA.published("room", "last");
        assertThat(b.next()).containsExactly("room", text);
        Object[] second = b.next();
        assertThat(second[0]).isEqualTo("room");
        assertThat((byte[]) second[1]).isEqualTo(binary);
        assertThat(b.next()).containsExactly("room", "");
        assertThat(b.next()).containsExactly("room", "last");

        // A listens to "room" too, so Redis sent A its own four messages; A skipped them. B's
        // next publish is the first thing A gets.
        busB.published("room", "from b");
        assertThat(a.next()).containsExactly("room", "from b");
        assertThat(a.delivered).isEmpty();
        Await.until("B's message counted on A", () -> busA.stats().received() == 1);
        assertThat(busA.stats().published()).isEqualTo(4);
        Await.until("A's four publishes sent", () -> busA.stats().sent() == 4);
        assertThat(busA.stats().dropped()).isZero();
        assertThat(busB.stats().received()).isEqualTo(4);
    }

    @Test
    void aNodeListensInRedisOnlyToTopicsWithLocalSubscribers(RedisServer redis) throws Exception {
        Node a = new Node();
        RedisTopics busA = bus(redis, a);
        Await.until("connected", () -> busA.stats().connected());
        assertThat(redis.subscribers("balda:topic:news")).isZero();

        subscribe(redis, busA, a, "news", 1);
        assertThat(redis.call("PUBSUB", "CHANNELS", "balda:topic:*")).isEqualTo(List.of("balda:topic:news"));

        // A report whose count is already back to 0 (the subscriber left at once) subscribes nothing.
        a.counts.put("flicker", 0);
        busA.subscribed("flicker");
        a.counts.put("news", 0);
        busA.unsubscribed("news");
        Await.subscribers(redis, "balda:topic:news", 0);
        assertThat(redis.subscribers("balda:topic:flicker")).isZero();
        assertThat(redis.call("PUBSUB", "CHANNELS", "balda:topic:*")).isEqualTo(List.of());
    }

    @Test
    void eachPublishersOrderIsKeptOnTheOtherNode(RedisServer redis) throws Exception {
        Node a = new Node();
        Node b = new Node();
        RedisTopics busA = bus(redis, a, RedisOptions.builder().maxQueuedMessages(100_000));
        RedisTopics busB = bus(redis, b);
        subscribe(redis, busB, b, "seq", 1);
        Await.until("A connected", () -> busA.stats().connected());

        int threads = 4;
        int each = 5_000;
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int publisher = t;
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    busA.published("seq", publisher + ":" + i);
                }
            });
            thread.start();
            publishers.add(thread);
        }
        go.countDown();
        for (Thread thread : publishers) {
            thread.join(WAIT.toMillis());
        }
        int[] next = new int[threads];
        for (int n = 0; n < threads * each; n++) {
            String[] message = ((String) b.next()[1]).split(":");
            int publisher = Integer.parseInt(message[0]);
            assertThat(Integer.parseInt(message[1])).as("publisher " + publisher + "'s next").isEqualTo(next[publisher]);
            next[publisher]++;
        }
        // Redis's last answers to A may come after B has the messages.
        Await.until("A's publishes all answered", () -> busA.stats().sent() == threads * each);
        assertThat(busA.stats().dropped()).isZero();
    }

    @Test
    void aFullQueueDropsAndCountsAndNeverBlocksThePublisher(RedisServer redis) throws Exception {
        Node a = new Node();
        Node b = new Node();
        RedisTopics busA = bus(redis, a, RedisOptions.builder().maxQueuedMessages(100).maxBatch(50)
                .commandTimeout(Duration.ofSeconds(30)));
        RedisTopics busB = bus(redis, b);
        subscribe(redis, busB, b, "flood", 1);
        Await.until("A connected", () -> busA.stats().connected());

        // A frozen Redis keeps its connections open and answers nothing: the sender waits on its
        // batch, the queue fills, and publishing goes on without waiting.
        redis.freeze();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < 5_000; i++) {
                busA.published("flood", "m" + i);
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).as("5,000 publishes against a frozen Redis (command timeout 30 s)").isLessThan(5_000);
            RedisTopics.Stats stats = busA.stats();
            assertThat(stats.published()).isEqualTo(5_000);
            assertThat(stats.dropped()).as("at most a batch in flight and a full queue kept").isGreaterThanOrEqualTo(5_000 - 50 - 100);
        } finally {
            redis.thaw();
        }
        Await.until("every publish sent or dropped", () -> busA.stats().sent() + busA.stats().dropped() == 5_000);
        busA.published("flood", "after");
        Object[] message;
        do {
            message = b.next();
        } while (!"after".equals(message[1]));
        Await.until("B got what A sent", () -> busB.stats().received() == busA.stats().sent());
    }

    @Test
    void aBusServesOneApplication(RedisServer redis) {
        RedisTopics busA = bus(redis, new Node());
        assertThatThrownBy(() -> busA.start(new Node()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one per application");
    }

    @Test
    void aSharedConnectionOutlivesItsBus(RedisServer redis) throws Exception {
        try (RedisConnection shared = RedisConnection.open(redis.uri())) {
            Node a = new Node();
            RedisTopics busA = RedisTopics.on(shared);
            busA.start(a);
            subscribe(redis, busA, a, "shared", 1);
            busA.stop();
            Await.subscribers(redis, "balda:topic:shared", 0);
            assertThat(shared.isConnected()).isTrue();
            Await.until("the bus's own publish/subscribe connection closed", () -> !busA.stats().connected());
        }
    }
}
