package dev.balda.redis;

import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.testkit.container.ContainerType;
import dev.balda.websocket.TopicBus;
import dev.balda.websocket.WebSocketOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The topic bus's benchmark (a command, never a test: {@code scripts/redis-benchmark.sh}). In one
 * JVM, against a real redis-server on loopback:
 *
 * <ol>
 *   <li><b>single node</b>: one node (no bus) with all the subscribers; the application publishes
 *       one message at a time; latency is until the last subscriber has it;</li>
 *   <li><b>cross-node</b>: two nodes on Redis with half the subscribers each; node A publishes;
 *       latency until the last subscriber on node B has it (through Redis), and on node A (local);</li>
 *   <li><b>throughput</b>: node A publishes as fast as it can, keeping at most a window of messages
 *       not yet arrived, to a topic a bare bus listens to; messages per second through A's one
 *       Redis connection, counted where the other bus delivers them.</li>
 * </ol>
 *
 * Subscribers are JDK {@code HttpClient} WebSockets in this JVM, so sending and arrival times are
 * on one clock. The machine's load is reported beside the figures: other work on a shared machine
 * moves them. Options: {@code --subscribers 1000 --publishes 1000 --warmup 200 --payload 64
 * --messages 200000 --window 5000 --container jetty --max-minutes 10}.
 */
public final class RedisTopicsBenchmark {
    private static final Duration ARRIVAL_WAIT = Duration.ofSeconds(10);
    /**
     * No idle timeout, so no heartbeat pings: the subscribers only listen, and what is measured is
     * publishing, not the pinger.
     */
    private static final WebSocketOptions ROUTE = WebSocketOptions.builder().idleTimeout(Duration.ZERO).build();

    private int subscribers = 1000;
    private int publishes = 1000;
    private int warmup = 200;
    private int payload = 64;
    private int messages = 200_000;
    private int window = 5_000;
    private ContainerType container = ContainerType.JETTY;
    private int maxMinutes = 10;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<WebSocket> clients = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();

    /** One publish in flight: what each group's subscribers record on arrival. */
    private static final class Round {
        final int seq;
        final long sentNanos;
        final CountDownLatch arrived;
        final AtomicLong lastLocal = new AtomicLong();
        final AtomicLong lastRemote = new AtomicLong();

        Round(int seq, int expected) {
            this.seq = seq;
            this.arrived = new CountDownLatch(expected);
            this.sentNanos = System.nanoTime();
        }
    }

    private volatile Round round;

    public static void main(String[] args) throws Exception {
        RedisTopicsBenchmark benchmark = new RedisTopicsBenchmark();
        benchmark.parse(args.length == 1 ? args[0].trim().split("\\s+") : args);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(benchmark.maxMinutes));
                System.err.println("The benchmark ran past --max-minutes " + benchmark.maxMinutes + ": stopping it");
                System.exit(3);
            } catch (InterruptedException done) {
                // finished in time
            }
        }, "benchmark-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        int status = 0;
        try {
            benchmark.run();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        }
        watchdog.interrupt();
        // Daemon threads of the nodes and clients must not keep the JVM; the redis-server is
        // killed by its shutdown hook.
        System.exit(status);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].isEmpty()) {
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--subscribers" -> subscribers = Integer.parseInt(value);
                case "--publishes" -> publishes = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--payload" -> payload = Integer.parseInt(value);
                case "--messages" -> messages = Integer.parseInt(value);
                case "--window" -> window = Integer.parseInt(value);
                case "--container" -> container = ContainerType.valueOf(value.toUpperCase(Locale.ROOT));
                case "--max-minutes" -> maxMinutes = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i - 1]
                        + "; options: --subscribers --publishes --warmup --payload --messages --window --container --max-minutes");
            }
        }
        if (subscribers < 2 || subscribers % 2 != 0) {
            throw new IllegalArgumentException("--subscribers must be even and at least 2, not " + subscribers);
        }
    }

    private void run() throws Exception {
        line("# Redis topic bus benchmark");
        line("");
        line(String.format(Locale.ROOT, "%s, JDK %s, %d cores, %s nodes, redis-server %s on loopback; %d subscribers, "
                        + "%d-byte messages, %d publishes measured after %d warm-up", LocalDateTime.now().format(
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), container, redisVersion(), subscribers, payload, publishes,
                warmup));
        line("");
        try (RedisServer redis = RedisServer.start()) {
            long[] single;
            long[][] cross;
            String singleLoad;
            String crossLoad;
            String throughput;
            Load load = Load.start(redis);
            try (TopicNode node = TopicNode.single(container, ROUTE)) {
                connect(node, "lat", subscribers, false);
                single = latencies(node, false)[0];
            } finally {
                closeClients();
            }
            singleLoad = load.stop();

            load = Load.start(redis);
            try (TopicNode a = TopicNode.start(container, redis.uri(), ROUTE);
                 TopicNode b = TopicNode.start(container, redis.uri(), ROUTE)) {
                connect(a, "lat", subscribers / 2, false);
                connect(b, "lat", subscribers / 2, true);
                Await.subscribers(redis, "balda:topic:lat", 2);
                Await.until("node A connected", () -> a.bus.stats().connected());
                cross = latencies(a, true);
                crossLoad = load.stop();
                closeClients();

                load = Load.start(redis);
                throughput = throughput(redis, a) + " | " + load.stop();
            } finally {
                closeClients();
            }

            line("| run | p50 ms | p95 ms | p99 ms | max ms | machine during the run |");
            line("|---|--:|--:|--:|--:|---|");
            row("single node: last of " + subscribers + " local subscribers", single, singleLoad);
            row("cross-node: last of " + subscribers / 2 + " subscribers on node B (through Redis)", cross[1], crossLoad);
            row("cross-node: last of " + subscribers / 2 + " subscribers on node A (local, same publishes)", cross[0],
                    crossLoad);
            line("");
            line(String.format(Locale.ROOT, "Cross-node p95 - single-node p95: %+.2f ms; ratio %.2f.",
                    ms(percentile(cross[1], 95) - percentile(single, 95)),
                    (double) percentile(cross[1], 95) / percentile(single, 95)));
            line("");
            line("| throughput through one Redis connection | machine during the run |");
            line("|---|---|");
            line("| " + throughput + " |");
        }
        Path out = Path.of("target", "redis-benchmark.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println();
        System.out.println("Written to " + out.toAbsolutePath());
    }

    /** Opens {@code count} subscribers to the topic on the node; {@code remote} marks node B's. */
    private void connect(TopicNode node, String topic, int count, boolean remote) throws Exception {
        URI uri = URI.create(node.server.webSocketBaseUri() + "/ws/topic/" + topic);
        CountDownLatch subscribed = new CountDownLatch(count);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            opening.add(http.newWebSocketBuilder().buildAsync(uri, new Subscriber(remote, subscribed)));
            if (opening.size() == 100) {
                for (CompletableFuture<WebSocket> f : opening) {
                    clients.add(f.get(30, TimeUnit.SECONDS));
                }
                opening.clear();
            }
        }
        for (CompletableFuture<WebSocket> f : opening) {
            clients.add(f.get(30, TimeUnit.SECONDS));
        }
        if (!subscribed.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Not every subscriber was subscribed within 30 s");
        }
    }

    private void closeClients() {
        for (WebSocket client : clients) {
            client.abort();
        }
        clients.clear();
    }

    /** Publishes one message at a time on the node; [0] local latencies, [1] remote ones (nanoseconds). */
    private long[][] latencies(TopicNode node, boolean cross) throws Exception {
        long[] local = new long[publishes];
        long[] remote = new long[publishes];
        String padding = "x".repeat(Math.max(0, payload - 12));
        for (int i = 0; i < warmup + publishes; i++) {
            Round r = new Round(i, clients.size());
            round = r;
            node.ws.publish("lat", String.format(Locale.ROOT, "%010d:", i) + padding);
            if (!r.arrived.await(ARRIVAL_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Publish " + i + " reached " + (clients.size() - r.arrived.getCount())
                        + " of " + clients.size() + " subscribers within " + ARRIVAL_WAIT
                        + (cross ? "; bus " + node.bus.stats() : ""));
            }
            if (i >= warmup) {
                local[i - warmup] = r.lastLocal.get() - r.sentNanos;
                remote[i - warmup] = cross ? r.lastRemote.get() - r.sentNanos : 0;
            }
        }
        return new long[][] {local, remote};
    }

    /**
     * Node A publishes {@code messages} as fast as it can, at most {@code window} ahead of what
     * arrived, to a topic that a bare bus (a third node without a container, whose only local
     * subscriber counts) listens to: the path through A's bus, its one Redis connection, Redis and
     * the other bus, without the cost of WebSocket delivery on the far side.
     */
    private String throughput(RedisServer redis, TopicNode a) throws Exception {
        AtomicLong arrived = new AtomicLong();
        RedisTopics far = RedisTopics.connect(redis.uri());
        far.start(new TopicBus.LocalTopics() {
            @Override
            public int deliver(String topic, String text) {
                arrived.incrementAndGet();
                return 1;
            }

            @Override
            public int deliver(String topic, byte[] data) {
                arrived.incrementAndGet();
                return 1;
            }

            @Override
            public int subscriberCount(String topic) {
                return 1;
            }
        });
        try {
            far.subscribed("tp");
            Await.subscribers(redis, "balda:topic:tp", 1);
            String message = "y".repeat(payload);
            long sentBefore = a.bus.stats().sent();
            long droppedBefore = a.bus.stats().dropped();
            long start = System.nanoTime();
            long deadline = start + TimeUnit.MINUTES.toNanos(2);
            for (int i = 0; i < messages; i++) {
                // Checked every 100 publishes, and waited for without spinning: on 2 cores a
                // spinning publisher would take the CPU the path through Redis needs.
                while (i % 100 == 0 && i - arrived.get() > window) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Throughput run past 2 minutes at message " + i);
                    }
                    LockSupport.parkNanos(50_000);
                }
                a.ws.publish("tp", message);
            }
            Await.until("every message arrived or was dropped", Duration.ofMinutes(1),
                    () -> arrived.get() + a.bus.stats().dropped() - droppedBefore >= messages);
            double seconds = (System.nanoTime() - start) / 1e9;
            Await.until("Redis's answers to node A", Duration.ofMinutes(1),
                    () -> a.bus.stats().sent() - sentBefore + a.bus.stats().dropped() - droppedBefore >= messages);
            return String.format(Locale.ROOT, "%,d messages of %d bytes in %.2f s: **%,.0f messages/s** from node A's "
                            + "bus to the other bus (window %,d; sent %,d, dropped %,d)", messages, payload, seconds,
                    arrived.get() / seconds, window, a.bus.stats().sent() - sentBefore,
                    a.bus.stats().dropped() - droppedBefore);
        } finally {
            far.stop();
        }
    }

    /** A subscriber: records when the current round's message arrives. */
    private final class Subscriber implements WebSocket.Listener {
        private final boolean remote;
        private final CountDownLatch subscribed;

        Subscriber(boolean remote, CountDownLatch subscribed) {
            this.remote = remote;
            this.subscribed = subscribed;
        }

        /** The parts of a message so far: the JDK client hands over a message that straddles its buffer in parts. */
        private final StringBuilder parts = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence part, boolean last) {
            long now = System.nanoTime();
            parts.append(part);
            if (!last) {
                socket.request(1);
                return null;
            }
            String data = parts.toString();
            parts.setLength(0);
            if ("subscribed".equals(data)) {
                subscribed.countDown();
            } else {
                int seq = Integer.parseInt(data, 0, 10, 10);
                Round r = round;
                if (r != null && r.seq == seq) {
                    (remote ? r.lastRemote : r.lastLocal).accumulateAndGet(now, Math::max);
                    r.arrived.countDown();
                }
            }
            socket.request(1);
            return null;
        }
    }

    /** The machine's load over a run: this JVM's, redis-server's, and everything else's CPU. */
    private static final class Load {
        private final RedisServer redis;
        private final long[] machineStart;
        private final long ownStart;
        private final long redisStart;
        private final long wallStart;

        private Load(RedisServer redis) throws IOException {
            this.redis = redis;
            this.machineStart = machineTicks();
            this.ownStart = ownCpuNanos();
            this.redisStart = redisTicks(redis);
            this.wallStart = System.nanoTime();
        }

        static Load start(RedisServer redis) throws IOException {
            return new Load(redis);
        }

        String stop() throws IOException {
            double wall = (System.nanoTime() - wallStart) / 1e9;
            long[] machineEnd = machineTicks();
            double ticksPerSecond = 100.0;
            double busy = (machineEnd[0] - machineStart[0]) / ticksPerSecond / wall;
            double own = (ownCpuNanos() - ownStart) / 1e9 / wall;
            double redisCores = (redisTicks(redis) - redisStart) / ticksPerSecond / wall;
            String loadAverage = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            return String.format(Locale.ROOT, "busy %.2f of %d cores: this JVM %.2f, redis-server %.2f, other work %.2f; "
                            + "load average %s", busy, Runtime.getRuntime().availableProcessors(), own, redisCores,
                    Math.max(0, busy - own - redisCores), loadAverage);
        }

        /** [busy, total] jiffies of the whole machine. */
        private static long[] machineTicks() throws IOException {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < cpu.length; i++) {
                total += Long.parseLong(cpu[i]);
            }
            long idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return new long[] {total - idle, total};
        }

        private static long ownCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }

        private static long redisTicks(RedisServer redis) throws IOException {
            String stat = Files.readString(Path.of("/proc", String.valueOf(redis.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
    }

    private static String redisVersion() {
        try {
            Process p = new ProcessBuilder(RedisServer.executable().orElseThrow().toString(), "--version")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.replaceAll(".*v=([0-9.]+).*\\s*", "$1").trim();
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    private void row(String name, long[] nanos, String load) {
        line(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %s |", name, ms(percentile(nanos, 50)),
                ms(percentile(nanos, 95)), ms(percentile(nanos, 99)), ms(Arrays.stream(nanos).max().orElse(0)), load));
    }

    private static long percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private void line(String text) {
        report.append(text).append('\n');
        System.out.println(text);
    }
}
