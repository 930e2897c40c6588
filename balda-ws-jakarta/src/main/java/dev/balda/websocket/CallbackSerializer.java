package dev.balda.websocket;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's handler callbacks one at a time and never nested. Container events
 * ({@code open}, {@code message}, {@code close}) run on the calling thread, waiting for a callback
 * in progress, so the container does not read ahead of a slow handler. Events raised by the socket
 * itself ({@code drain}) never wait: if a callback is running, possibly on the same thread, the
 * event is handed to it and runs after it returns.
 */
final class CallbackSerializer {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSerializer.class);
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Runnable> deferred = new ConcurrentLinkedQueue<>();

    /** Runs a container event now, after any callback in progress on another thread. */
    void runNow(Runnable event) {
        if (lock.isHeldByCurrentThread()) {
            // A handler triggered a container event on its own thread (e.g. a close): defer, never nest.
            deferred.add(event);
            return;
        }
        lock.lock();
        try {
            event.run();
            runDeferred();
        } finally {
            lock.unlock();
        }
        drain();
    }

    /** Runs an event when no callback is running, on whichever thread gets there first. */
    void runSoon(Runnable event) {
        deferred.add(event);
        drain();
    }

    private void drain() {
        while (!deferred.isEmpty()) {
            if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
                return; // the thread holding the lock runs it before letting go
            }
            try {
                runDeferred();
            } finally {
                lock.unlock();
            }
        }
    }

    private void runDeferred() {
        for (Runnable event = deferred.poll(); event != null; event = deferred.poll()) {
            try {
                event.run();
            } catch (RuntimeException | Error e) {
                // One failing event must not strand the ones queued behind it.
                LOG.warn("A WebSocket callback failed", e);
            }
        }
    }
}
