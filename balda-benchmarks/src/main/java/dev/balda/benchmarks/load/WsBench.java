package dev.balda.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** The WebSocket measurements, run by the load process against one server. */
final class WsBench {
    static final int MESSAGE_SIZE = 64;
    private static final long OPEN_TIMEOUT_MS = 60_000;
    private static final long CLOSE_TIMEOUT_MS = 5_000;

    private final List<NioLoop> loops;
    private final InetSocketAddress address;

    WsBench(List<NioLoop> loops, InetSocketAddress address) {
        this.loops = loops;
        this.address = address;
    }

    /** A 64-byte text message that starts with {@code prefix} and a number. */
    static byte[] message(String prefix, long number) {
        byte[] text = new byte[MESSAGE_SIZE];
        Arrays.fill(text, (byte) '.');
        byte[] head = (prefix + number + ";").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, text, 0, head.length);
        return text;
    }

    /** The number after the one-letter prefix, or -1. */
    static long number(byte[] data, int offset, int length) {
        long value = 0;
        int i = offset + 1;
        int end = offset + length;
        if (i >= end || data[i] < '0' || data[i] > '9') {
            return -1;
        }
        while (i < end && data[i] >= '0' && data[i] <= '9') {
            value = value * 10 + (data[i++] - '0');
        }
        return value;
    }

    /** Echo: {@code connections} sockets each keep {@code window} 64-byte messages in flight. */
    record Echo(long messages, long nanos) {
    }

    Echo echo(String path, int connections, int window, long durationMillis) throws Exception {
        AtomicLong echoed = new AtomicLong();
        AtomicReference<String> wrong = new AtomicReference<>();
        byte[] payload = message("e", 0);
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        WsConnection.Listener listener = new WsConnection.Listener() {
            @Override
            public void text(WsConnection connection, byte[] data, int offset, int length) {
                if (length != MESSAGE_SIZE || data[offset] != 'e') {
                    wrong.compareAndSet(null, new String(data, offset, length, StandardCharsets.UTF_8));
                }
                if (System.nanoTime() - deadline.get() < 0) {
                    echoed.incrementAndGet();
                    connection.sendText(payload);
                }
            }
        };
        WsGroup group = WsGroup.open(loops, address, path, connections, listener, OPEN_TIMEOUT_MS);
        try {
            long start = System.nanoTime();
            deadline.set(start + TimeUnit.MILLISECONDS.toNanos(durationMillis));
            for (WsConnection connection : group.connections()) {
                connection.loop().execute(() -> {
                    for (int i = 0; i < window; i++) {
                        connection.sendText(payload);
                    }
                });
            }
            Thread.sleep(durationMillis);
            long nanos = System.nanoTime() - start;
            failIf(group, wrong);
            return new Echo(echoed.get(), nanos);
        } finally {
            group.close(CLOSE_TIMEOUT_MS);
        }
    }

    /** Fan-out: milliseconds from each publish to its last delivery. */
    record FanOut(double[] latenciesMillis, long connectMillis) {
    }

    FanOut fanOut(String subscribePath, String publishPath, int sockets, int warmups, int publishes, long gapMillis)
            throws Exception {
        AtomicLong current = new AtomicLong(-1);
        AtomicInteger received = new AtomicInteger();
        AtomicLong lastArrival = new AtomicLong();
        AtomicReference<CountDownLatch> all = new AtomicReference<>(new CountDownLatch(1));
        WsConnection.Listener subscriber = (connection, data, offset, length) -> {
            if (length == MESSAGE_SIZE && number(data, offset, length) == current.get()
                    && received.incrementAndGet() == sockets) {
                lastArrival.set(System.nanoTime());
                all.get().countDown();
            }
        };
        long connectStart = System.nanoTime();
        WsGroup subscribers = WsGroup.open(loops, address, subscribePath, sockets, subscriber, OPEN_TIMEOUT_MS);
        WsGroup publisher = null;
        try {
            publisher = WsGroup.open(loops.subList(0, 1), address, publishPath, 1, (c, d, o, l) -> { }, OPEN_TIMEOUT_MS);
            long connectMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectStart);
            WsConnection out = publisher.connections().get(0);
            // The server subscribes a socket in its open callback, which may run after the client saw the
            // 101: publish until one reaches every socket, then warm up, then measure.
            int seq = 0;
            boolean reachedAll = false;
            for (int attempt = 0; attempt < 20 && !reachedAll; attempt++) {
                reachedAll = publishOnce(out, seq++, current, received, all, lastArrival, 2_000) >= 0;
            }
            if (!reachedAll) {
                throw new IOException("No publish reached all " + sockets + " subscribers (at most "
                        + received.get() + " did)");
            }
            for (int i = 0; i < warmups; i++) {
                pause(gapMillis);
                publishOnce(out, seq++, current, received, all, lastArrival, 10_000);
            }
            double[] latencies = new double[publishes];
            for (int i = 0; i < publishes; i++) {
                pause(gapMillis);
                long nanos = publishOnce(out, seq++, current, received, all, lastArrival, 10_000);
                if (nanos < 0) {
                    throw new IOException("Publish " + i + " reached " + received.get() + " of " + sockets
                            + " subscribers within 10 s");
                }
                latencies[i] = nanos / 1e6;
            }
            failIf(subscribers, null);
            return new FanOut(latencies, connectMillis);
        } finally {
            if (publisher != null) {
                publisher.close(CLOSE_TIMEOUT_MS);
            }
            subscribers.close(CLOSE_TIMEOUT_MS);
        }
    }

    /** Nanoseconds from writing the publish to its last delivery, or -1 if it did not reach all in time. */
    private static long publishOnce(WsConnection publisher, long seq, AtomicLong current, AtomicInteger received,
                                    AtomicReference<CountDownLatch> all, AtomicLong lastArrival, long timeoutMillis)
            throws InterruptedException {
        current.set(-1);
        CountDownLatch latch = new CountDownLatch(1);
        all.set(latch);
        received.set(0);
        current.set(seq);
        byte[] payload = message("p", seq);
        long[] sentAt = new long[1];
        CountDownLatch sent = new CountDownLatch(1);
        publisher.loop().execute(() -> {
            sentAt[0] = System.nanoTime();
            publisher.sendText(payload);
            sent.countDown();
        });
        sent.await();
        if (!latch.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return lastArrival.get() - sentAt[0];
    }

    /** Sustained publishing: at most {@code window} publishes not yet delivered to every subscriber. */
    record Throughput(long publishes, long nanos) {
    }

    Throughput publishThroughput(String subscribePath, String publishPath, int sockets, int window, long durationMillis)
            throws Exception {
        int ring = 4096;
        int probes = 64;
        AtomicIntegerArray counts = new AtomicIntegerArray(ring);
        AtomicLong completed = new AtomicLong();
        AtomicLong nextSeq = new AtomicLong(probes);
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        AtomicLong probe = new AtomicLong(-1);
        AtomicReference<CountDownLatch> probeReachedAll = new AtomicReference<>(new CountDownLatch(1));
        WsConnection[] publisherConnection = new WsConnection[1];
        Runnable publishNext = () -> {
            if (System.nanoTime() - deadline.get() < 0) {
                long seq = nextSeq.getAndIncrement();
                counts.set((int) (seq % ring), 0);
                publisherConnection[0].sendText(message("p", seq));
            }
        };
        WsConnection.Listener subscriber = (connection, data, offset, length) -> {
            long seq = number(data, offset, length);
            if (seq < 0 || counts.incrementAndGet((int) (seq % ring)) != sockets) {
                return;
            }
            if (seq < probes) {
                if (seq == probe.get()) {
                    probeReachedAll.get().countDown();
                }
                return;
            }
            if (System.nanoTime() - deadline.get() < 0) {
                completed.incrementAndGet();
            }
            publisherConnection[0].loop().execute(publishNext);
        };
        WsGroup subscribers = WsGroup.open(loops, address, subscribePath, sockets, subscriber, OPEN_TIMEOUT_MS);
        WsGroup publisher = null;
        try {
            publisher = WsGroup.open(loops.subList(0, 1), address, publishPath, 1, (c, d, o, l) -> { }, OPEN_TIMEOUT_MS);
            WsConnection out = publisher.connections().get(0);
            publisherConnection[0] = out;
            // The server subscribes a socket in its open callback, which may trail the 101: probe
            // until one publish reaches every subscriber, so no publish of the run is lost to that.
            boolean reachedAll = false;
            for (int k = 0; k < probes && !reachedAll; k++) {
                CountDownLatch latch = new CountDownLatch(1);
                probeReachedAll.set(latch);
                probe.set(k);
                byte[] payload = message("p", k);
                out.loop().execute(() -> out.sendText(payload));
                reachedAll = latch.await(2, TimeUnit.SECONDS);
            }
            if (!reachedAll) {
                throw new IOException("No publish reached all " + sockets + " subscribers");
            }
            long start = System.nanoTime();
            deadline.set(start + TimeUnit.MILLISECONDS.toNanos(durationMillis));
            for (int i = 0; i < window; i++) {
                out.loop().execute(publishNext);
            }
            Thread.sleep(durationMillis);
            long nanos = System.nanoTime() - start;
            failIf(subscribers, null);
            return new Throughput(completed.get(), nanos);
        } finally {
            if (publisher != null) {
                publisher.close(CLOSE_TIMEOUT_MS);
            }
            subscribers.close(CLOSE_TIMEOUT_MS);
        }
    }

    /** Opens idle sockets and keeps them until {@link WsGroup#close}. */
    WsGroup openIdle(String path, int sockets) throws Exception {
        return WsGroup.open(loops, address, path, sockets, (c, d, o, l) -> { }, OPEN_TIMEOUT_MS);
    }

    /** The check before measuring: the server's 101 answer and the echo of one message. */
    record Check(String handshake, String echo) {
    }

    Check check(String path) throws Exception {
        AtomicReference<String> echo = new AtomicReference<>();
        CountDownLatch answered = new CountDownLatch(1);
        WsGroup group = WsGroup.open(loops.subList(0, 1), address, path, 1, (connection, data, offset, length) -> {
            echo.set(new String(data, offset, length, StandardCharsets.UTF_8));
            answered.countDown();
        }, OPEN_TIMEOUT_MS);
        try {
            WsConnection connection = group.connections().get(0);
            byte[] payload = message("c", 42);
            connection.loop().execute(() -> connection.sendText(payload));
            if (!answered.await(5, TimeUnit.SECONDS)) {
                throw new IOException("No echo within 5 s");
            }
            return new Check(connection.handshakeResponse(), echo.get());
        } finally {
            group.close(CLOSE_TIMEOUT_MS);
        }
    }

    private static void failIf(WsGroup group, AtomicReference<String> wrong) throws IOException {
        if (group.failure() != null) {
            throw new IOException("A WebSocket failed during the run: " + group.failure(), group.failure());
        }
        if (wrong != null && wrong.get() != null) {
            throw new IOException("An unexpected message came back: " + wrong.get());
        }
    }

    private static void pause(long millis) throws InterruptedException {
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
