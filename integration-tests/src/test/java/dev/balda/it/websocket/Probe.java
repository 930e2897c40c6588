package dev.balda.it.websocket;

import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the server-side handlers saw, recorded as lines ({@code close /ws/echo 4000 bye}) that a
 * test waits for. Waiting on a queue, never sleeping, keeps the suite free of races.
 *
 * <p>Besides the lines, a ledger counts {@code open} and {@code close} per socket id, so a suite
 * can prove that every socket it opened ran {@code close} exactly once ({@link #awaitEveryCloseOnce}),
 * and start the next test with nothing left over ({@link #clear}).
 */
final class Probe {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final Map<String, Integer> closesById = new LinkedHashMap<>();
    private final List<String> ledgerProblems = new ArrayList<>();

    /** A socket ran {@code open}. */
    void opened(String id) {
        synchronized (closesById) {
            if (closesById.putIfAbsent(id, 0) != null) {
                ledgerProblems.add("open ran twice for " + id);
            }
            closesById.notifyAll();
        }
    }

    /** A socket ran {@code close}. */
    void closed(String id, String event) {
        synchronized (closesById) {
            Integer before = closesById.get(id);
            if (before == null) {
                ledgerProblems.add("close without open for " + id + ": " + event);
            } else if (before > 0) {
                ledgerProblems.add("close ran " + (before + 1) + " times for " + id + ": " + event);
            }
            closesById.put(id, before == null ? 1 : before + 1);
            closesById.notifyAll();
        }
    }

    /** Sockets that opened and have not closed yet. */
    int openSockets() {
        synchronized (closesById) {
            return (int) closesById.values().stream().filter(count -> count == 0).count();
        }
    }

    /** How many sockets ran {@code close} (each counted once). */
    int closedSockets() {
        synchronized (closesById) {
            return (int) closesById.values().stream().filter(count -> count > 0).count();
        }
    }

    /**
     * Waits until every socket that ran {@code open} ran {@code close}, then fails if any ran it
     * more than once, or without {@code open}.
     */
    void awaitEveryCloseOnce(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (closesById) {
            while (closesById.containsValue(0)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(openSockets() + " sockets never ran close within " + timeout.toMillis() + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(closesById, left);
            }
            if (!ledgerProblems.isEmpty()) {
                throw new AssertionError("close did not run exactly once per socket: " + ledgerProblems);
            }
        }
    }

    /** Forgets every event and the ledger: the next test starts clean. */
    void clear() {
        synchronized (seen) {
            events.clear();
            seen.clear();
        }
        synchronized (closesById) {
            closesById.clear();
            ledgerProblems.clear();
        }
    }

    void record(String event) {
        events.add(event);
    }

    /** Waits for an event starting with the prefix, keeping the others for later waits. */
    String await(String prefix, Duration timeout) throws InterruptedException {
        String event = poll(prefix, timeout);
        if (event == null) {
            synchronized (seen) {
                throw new AssertionError("No server event '" + prefix + "...' within " + timeout.toMillis()
                        + " ms; other events: " + seen);
            }
        }
        return event;
    }

    /** As {@link #await}, but {@code null} when nothing matching arrives in time. */
    String poll(String prefix, Duration timeout) throws InterruptedException {
        synchronized (seen) {
            for (String event : seen) {
                if (event.startsWith(prefix)) {
                    seen.remove(event);
                    return event;
                }
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                return null;
            }
            if (event.startsWith(prefix)) {
                return event;
            }
            synchronized (seen) {
                seen.add(event);
            }
        }
    }

    /** Waits for exactly this event. */
    String awaitExactly(String event, Duration timeout) throws InterruptedException {
        synchronized (seen) {
            if (seen.remove(event)) {
                return event;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String next = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                synchronized (seen) {
                    throw new AssertionError("No server event '" + event + "' within " + timeout.toMillis()
                            + " ms; other events: " + seen);
                }
            }
            if (next.equals(event)) {
                return next;
            }
            synchronized (seen) {
                seen.add(next);
            }
        }
    }

    /** Every event so far that starts with the prefix, without waiting. */
    List<String> all(String prefix) {
        List<String> matching = new ArrayList<>();
        synchronized (seen) {
            events.drainTo(seen);
            for (String event : seen) {
                if (event.startsWith(prefix)) {
                    matching.add(event);
                }
            }
        }
        return matching;
    }

    /**
     * Wraps a route's handler so its events reach this probe: {@code open} and {@code close} into
     * the ledger and as lines (after the handler ran, so a test that sees them knows the handler's
     * work is done), {@code drain} and {@code error} as lines.
     *
     * @param opened also told of every socket that opens (a test keeping weak references, say)
     */
    <T> WebSocketHandler<T> recording(String route, WebSocketHandler<T> inner, Consumer<WebSocket<?>> opened) {
        return new WebSocketHandler<>() {
            @Override
            public void open(WebSocket<T> socket) throws Exception {
                opened(socket.id());
                opened.accept(socket);
                inner.open(socket);
                record("open " + route);
            }

            @Override
            public void message(WebSocket<T> socket, WebSocketMessage message) throws Exception {
                inner.message(socket, message);
            }

            @Override
            public void close(WebSocket<T> socket, int code, String reason) {
                inner.close(socket, code, reason);
                String event = "close " + route + " " + code + " " + reason;
                closed(socket.id(), event);
                record(event);
            }

            @Override
            public void drain(WebSocket<T> socket) {
                record("drain " + route);
                inner.drain(socket);
            }

            @Override
            public void error(WebSocket<T> socket, Throwable error) {
                record("error " + route + " " + error.getMessage());
                inner.error(socket, error);
            }
        };
    }
}
