package dev.balda.websocket;

import dev.balda.internal.routing.PathPattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One 64-byte publish to N local subscribers through the application's topics, each subscriber a
 * real socket (state machine, outbox) over a connection whose writes complete inline, so the
 * figure is Balda's cost of a fan-out without the container's. In the engine's package because the
 * socket and topics are internal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TopicsBenchmark {
    private static final String TOPIC = "bench";

    @Param({"1", "100", "10000"})
    public int subscribers;

    private SocketRegistry registry;
    private final List<BaldaSocket<Void>> sockets = new ArrayList<>();
    private final String text = "x".repeat(64);

    @Setup(Level.Trial)
    public void setUp() {
        registry = new SocketRegistry(Duration.ofSeconds(3));
        WebSocketOptions options = WebSocketOptions.builder().idleTimeout(Duration.ZERO).build();
        WebSocketRoute<Void> route = new WebSocketRoute<>(PathPattern.parse("/ws"), options, null,
                new WebSocketHandler<Void>() { });
        UpgradeRequest request = new UpgradeRequest("/ws", Map.of(), Map.of(), Map.of(), null, null);
        for (int i = 0; i < subscribers; i++) {
            BaldaSocket<Void> socket = new BaldaSocket<>(new Handshake<>(route, registry, null, request, "127.0.0.1"),
                    new InlineConnection());
            registry.added(socket);
            socket.opened();
            socket.subscribe(TOPIC);
            sockets.add(socket);
        }
        if (registry.topics().count(TOPIC) != subscribers) {
            throw new IllegalStateException("Not every socket subscribed");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        registry.stop();
    }

    @Benchmark
    public int publish() {
        return registry.topics().publish(TOPIC, Outgoing.Text.of(text), null);
    }

    /** A connection whose writes complete at once, on the publishing thread. */
    private static final class InlineConnection implements Connection {
        @Override
        public void write(Outgoing message, Consumer<Throwable> done) {
            done.accept(null);
        }

        @Override
        public void ping(Outgoing.Ping ping) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void abort() {
        }

        @Override
        public void detach() {
        }

        @Override
        public String subprotocol() {
            return null;
        }
    }
}
