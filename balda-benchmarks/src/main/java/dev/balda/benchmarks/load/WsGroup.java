package dev.balda.benchmarks.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Many WebSocket connections to one path, spread over the loops, opened with a bounded number of
 * handshakes in flight (a burst of 10,000 SYNs would overflow the server's accept queue).
 */
final class WsGroup {
    private static final int HANDSHAKES_IN_FLIGHT = 128;

    private final List<WsConnection> connections = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final CountDownLatch ended;

    private WsGroup(int size) {
        ended = new CountDownLatch(size);
    }

    /**
     * Opens {@code size} connections and returns once all are open.
     *
     * @throws IOException when one could not open, or not all opened in time
     */
    static WsGroup open(List<NioLoop> loops, InetSocketAddress address, String path, int size,
                        WsConnection.Listener listener, long timeoutMillis) throws IOException, InterruptedException {
        WsGroup group = new WsGroup(size);
        Semaphore handshakes = new Semaphore(HANDSHAKES_IN_FLIGHT);
        CountDownLatch opened = new CountDownLatch(size);
        WsConnection.Listener tracking = new WsConnection.Listener() {
            @Override
            public void opened(WsConnection connection) {
                handshakes.release();
                opened.countDown();
                listener.opened(connection);
            }

            @Override
            public void text(WsConnection connection, byte[] data, int offset, int length) {
                listener.text(connection, data, offset, length);
            }

            @Override
            public void ended(WsConnection connection, Exception e) {
                if (!connection.everOpened()) {
                    handshakes.release();
                }
                if (e != null) {
                    group.failure.compareAndSet(null, e);
                }
                group.ended.countDown();
                listener.ended(connection, e);
            }
        };
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (int i = 0; i < size; i++) {
            if (!handshakes.tryAcquire(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                group.closeNow();
                throw new IOException("Opened only " + (size - opened.getCount()) + " of " + size
                        + " WebSockets in " + timeoutMillis + " ms");
            }
            group.failIfFailed();
            NioLoop loop = loops.get(i % loops.size());
            WsConnection connection = new WsConnection(loop, address, path, tracking);
            group.connections.add(connection);
            loop.execute(connection::connect);
        }
        if (!opened.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            group.closeNow();
            throw new IOException("Opened only " + (size - opened.getCount()) + " of " + size
                    + " WebSockets in " + timeoutMillis + " ms");
        }
        group.failIfFailed();
        return group;
    }

    private void failIfFailed() throws IOException {
        Exception e = failure.get();
        if (e != null) {
            closeNow();
            throw new IOException("A WebSocket failed: " + e, e);
        }
    }

    List<WsConnection> connections() {
        return connections;
    }

    /** The first failure of any connection, or {@code null}. */
    Exception failure() {
        return failure.get();
    }

    /** Closing handshakes for all; connections that do not finish in time are dropped. */
    void close(long timeoutMillis) throws InterruptedException {
        for (WsConnection connection : connections) {
            connection.loop().execute(connection::close);
        }
        if (!ended.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            for (WsConnection connection : connections) {
                connection.loop().execute(connection::abort);
            }
            ended.await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void closeNow() {
        for (WsConnection connection : connections) {
            connection.loop().execute(connection::abort);
        }
    }
}
