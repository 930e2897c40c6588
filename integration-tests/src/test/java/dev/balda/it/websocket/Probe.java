package dev.balda.it.websocket;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the server-side handlers saw, recorded as lines ({@code close /ws/echo 4000 bye}) that a
 * test waits for. Waiting on a queue, never sleeping, keeps the suite free of races.
 */
final class Probe {
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    void record(String event) {
        events.add(event);
    }

    /** Waits for an event starting with the prefix, keeping the others for later waits. */
    String await(String prefix, Duration timeout) throws InterruptedException {
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
                synchronized (seen) {
                    throw new AssertionError("No server event '" + prefix + "...' within " + timeout.toMillis()
                            + " ms; other events: " + seen);
                }
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
}
