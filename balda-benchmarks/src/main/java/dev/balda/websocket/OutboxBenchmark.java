package dev.balda.websocket;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-socket send queue, over a transport with no I/O: {@code offerWrittenAtOnce} is a send
 * whose write the container completes inline (the common case on an idle connection);
 * {@code offerQueuedThenComplete} sends eight messages while a write is in flight, so seven are
 * queued, then completes the writes one by one as a container would, which pumps the queue (per
 * message). In the engine's package because the outbox is internal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutboxBenchmark {
    private static final int BURST = 8;
    private static final Outbox.Listener NO_LISTENER = new Outbox.Listener() {
        @Override
        public void drained() {
        }

        @Override
        public void writeFailed(Throwable error) {
            throw new IllegalStateException(error);
        }
    };

    private final Outgoing message = Outgoing.Text.of("x".repeat(64));
    private Outbox inline;
    private Outbox deferred;
    private Consumer<Throwable> pending;
    private int writes;

    @Setup
    public void setUp() {
        inline = new Outbox(new Outbox.Transport() {
            @Override
            public void write(Outgoing m, Consumer<Throwable> done) {
                writes++;
                done.accept(null);
            }

            @Override
            public void ping(Outgoing.Ping ping) {
            }
        }, NO_LISTENER, 1 << 20, Runnable::run);
        deferred = new Outbox(new Outbox.Transport() {
            @Override
            public void write(Outgoing m, Consumer<Throwable> done) {
                writes++;
                pending = done;
            }

            @Override
            public void ping(Outgoing.Ping ping) {
            }
        }, NO_LISTENER, 1 << 20, Runnable::run);
    }

    @Benchmark
    public int offerWrittenAtOnce() {
        return inline.offer(message);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public int offerQueuedThenComplete() {
        int sum = 0;
        for (int i = 0; i < BURST; i++) {
            sum += deferred.offer(message);
        }
        while (pending != null) {
            Consumer<Throwable> done = pending;
            pending = null;
            done.accept(null);
        }
        return sum + writes;
    }
}
