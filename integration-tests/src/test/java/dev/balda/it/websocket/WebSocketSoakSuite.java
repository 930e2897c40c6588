package dev.balda.it.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSockets;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * 10,000 connect, echo and close cycles, a fifth of them dropped without a close frame, eight at a
 * time. Afterwards every socket ran {@code close} once, the live heap after a full GC is within
 * 5 MiB of where it stood after the warm-up, no thread is left inside a socket's code, and the
 * threads outside the container's request pool come back to where they were. The request pool is
 * left out of the count: it is bounded, and Jetty's retires one idle thread per minute, so how
 * far it grew during the soak says nothing about Balda (a pool thread stuck in Balda would be
 * caught by the first check).
 *
 * <p>Counts, not ids, are kept, so the soak itself adds nothing to the heap it measures.
 */
abstract class WebSocketSoakSuite {
    static final int CYCLES = 10_000;
    static final int WARM_UP = 1_000;
    static final int CONCURRENCY = 8;
    static final long HEAP_TOLERANCE = 5L * 1024 * 1024;
    static final Duration WAIT = Duration.ofSeconds(10);
    static final Set<String> SOCKET_CODE = Set.of("dev.balda.websocket.BaldaSocket", "dev.balda.websocket.Outbox",
            "dev.balda.websocket.SessionConnection", "dev.balda.websocket.CallbackSerializer",
            "dev.balda.websocket.BridgeEndpoint");

    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();
    private final Semaphore closed = new Semaphore(0);

    /** Starts the container of this subclass serving an application. */
    abstract WsTarget start(Balda app);

    /** Whether a thread of this name belongs to the container's request pool. */
    abstract boolean inRequestPool(String threadName);

    @Test
    void tenThousandCyclesLeaveNeitherHeapNorThreadsBehind() throws Exception {
        Balda app = Balda.create();
        WebSockets ws = WebSockets.on(app);
        ws.route("/ws/echo", new WebSocketHandler<Void>() {
            @Override
            public void open(WebSocket<Void> socket) {
                opens.incrementAndGet();
            }

            @Override
            public void message(WebSocket<Void> socket, WebSocketMessage message) {
                socket.send("Echo: " + message.text());
            }

            @Override
            public void close(WebSocket<Void> socket, int code, String reason) {
                closes.incrementAndGet();
                closed.release();
            }
        });
        try (WsTarget server = start(app)) {
            WebSocketTestClient client = WebSocketTestClient.of(server.baseUri()).timeout(WAIT);
            ExecutorService workers = Executors.newFixedThreadPool(CONCURRENCY);
            try {
                // The warm-up brings the containers' pools and caches to their working size.
                cycle(client, workers, WARM_UP);
                awaitClosed(WARM_UP, WARM_UP);
                long heapBefore = liveHeap();
                Map<String, Long> threadsBefore = threadsByKind();

                cycle(client, workers, CYCLES);
                awaitClosed(CYCLES, WARM_UP + CYCLES);
                assertThat(ws.connectionCount()).isZero();

                long heapAfter = liveHeap();
                assertThat(heapAfter - heapBefore).as("live heap growth over %d cycles (before %d, after %d bytes)",
                        CYCLES, heapBefore, heapAfter).isLessThanOrEqualTo(HEAP_TOLERANCE);
                assertThat(threadsInsideASocket()).as("threads still inside a socket's code").isEmpty();
                Map<String, Long> threadsAfter = awaitThreadsBackTo(threadsBefore);
                System.out.printf("Soak on %s: %d cycles, live heap %d -> %d KiB, threads outside the request pool %d -> %d%n",
                        getClass().getSimpleName(), CYCLES, heapBefore / 1024, heapAfter / 1024,
                        outsideTheRequestPool(threadsBefore), outsideTheRequestPool(threadsAfter));
            } finally {
                workers.shutdownNow();
            }
        }
    }

    /** {@code count} cycles over {@link #CONCURRENCY} workers: connect, one echo, then close (or drop, one in five). */
    private void cycle(WebSocketTestClient client, ExecutorService workers, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < CONCURRENCY; w++) {
            running.add(workers.submit(() -> {
                for (int n = next.getAndIncrement(); n < count; n = next.getAndIncrement()) {
                    TestWebSocket ws = client.connect("/ws/echo");
                    ws.sendText("n" + n);
                    assertThat(ws.awaitText()).isEqualTo("Echo: n" + n);
                    if (n % 5 == 0) {
                        ws.abort();
                    } else {
                        ws.close();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : running) {
            worker.get(5, TimeUnit.MINUTES);
        }
    }

    /** Waits for the {@code close} of the {@code count} sockets just cycled; {@code total} opened so far. */
    private void awaitClosed(int count, int total) throws InterruptedException {
        assertThat(closed.tryAcquire(count, WAIT.toSeconds(), TimeUnit.SECONDS)).as("every socket ran close").isTrue();
        assertThat(opens.get()).isEqualTo(total);
        assertThat(closes.get()).as("close ran once per socket").isEqualTo(total);
    }

    /** Heap in use after full collections, once two in a row agree within 64 KiB. */
    private static long liveHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 64 * 1024) {
                return used;
            }
            previous = used;
        }
        return previous;
    }

    /** Live threads counted by name with the digits taken out ({@code qtp1234-56} counts as {@code qtp-}). */
    private static Map<String, Long> threadsByKind() {
        return Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", ""), TreeMap::new, Collectors.counting()));
    }

    private long outsideTheRequestPool(Map<String, Long> kinds) {
        return kinds.entrySet().stream().filter(e -> !inRequestPool(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    /** Threads with a frame of the bridge's per-socket code: a send, a callback or a close that never ended. */
    private static List<String> threadsInsideASocket() {
        List<String> inside = new ArrayList<>();
        Thread.getAllStackTraces().forEach((thread, frames) -> {
            for (StackTraceElement frame : frames) {
                if (SOCKET_CODE.contains(frame.getClassName())) {
                    inside.add(thread.getName() + " at " + frame);
                    break;
                }
            }
        });
        return inside;
    }

    /**
     * Idle threads end after their keep-alive; nothing signals that, so the count is polled, up to
     * a minute and a half.
     */
    private Map<String, Long> awaitThreadsBackTo(Map<String, Long> before) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Object tick = new Object();
        long wanted = outsideTheRequestPool(before);
        Map<String, Long> now = threadsByKind();
        while (outsideTheRequestPool(now) > wanted && System.nanoTime() < deadline) {
            synchronized (tick) {
                tick.wait(100);
            }
            now = threadsByKind();
        }
        assertThat(outsideTheRequestPool(now)).as("threads outside the request pool after the soak: %s, before: %s", now, before)
                .isLessThanOrEqualTo(wanted);
        return now;
    }
}
