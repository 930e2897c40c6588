package dev.balda.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one socket's handler callbacks one at a time and never nested. Container events
 * ({@code open}, {@code message}, {@code close}) run on the calling thread, waiting for a callback
 * in progress, so the container does not read ahead of a slow handler. Events raised by the socket
 * itself ({@code drain}) never wait: if a callback is running, possibly on the same thread, the
 * event is handed to it and runs after it returns.
 *
 * <p>Every open socket has one, so it is three fields: the thread running callbacks (taken and
 * given back under this object's monitor, which is held only for that bookkeeping, never while a
 * callback runs or a thread waits), the threads waiting for it, and the queue of handed-over
 * events; the last two are made the first time they are needed (most sockets never need them). A
 * lock object and its synchronizer per socket would cost more than the rest of it.
 */
final class CallbackSerializer {
    private static final Logger LOG = LoggerFactory.getLogger(CallbackSerializer.class);
    private static final VarHandle DEFERRED;

    static {
        try {
            DEFERRED = MethodHandles.lookup().findVarHandle(CallbackSerializer.class, "deferred", ConcurrentLinkedQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The thread running callbacks, or {@code null}; changed only under this object's monitor. */
    private volatile Thread owner;
    /** Threads waiting in {@link #lock()}, first come first; made on first use, under the monitor. */
    private ArrayDeque<Thread> waiters;
    private volatile ConcurrentLinkedQueue<Runnable> deferred;

    /** Runs a container event now, after any callback in progress on another thread. */
    void runNow(Runnable event) {
        if (owner == Thread.currentThread()) {
            // A handler triggered a container event on its own thread (e.g. a close): defer, never nest.
            defer(event);
            return;
        }
        lock();
        try {
            event.run();
            runDeferred();
        } finally {
            unlock();
        }
        drain();
    }

    /** Runs an event when no callback is running, on whichever thread gets there first. */
    void runSoon(Runnable event) {
        defer(event);
        drain();
    }

    private void defer(Runnable event) {
        ConcurrentLinkedQueue<Runnable> queue = deferred;
        if (queue == null) {
            DEFERRED.compareAndSet(this, null, new ConcurrentLinkedQueue<Runnable>());
            queue = deferred;
        }
        queue.add(event);
    }

    private boolean nothingDeferred() {
        ConcurrentLinkedQueue<Runnable> queue = deferred;
        return queue == null || queue.isEmpty();
    }

    private void drain() {
        while (!nothingDeferred()) {
            if (owner == Thread.currentThread() || !tryLock()) {
                return; // the thread running callbacks runs it before letting go
            }
            try {
                runDeferred();
            } finally {
                unlock();
            }
        }
    }

    /**
     * Waits until no callback runs elsewhere, then runs them here; not interruptible, like a lock.
     * A waiting thread parks rather than waiting on the monitor, so a virtual thread never pins its
     * carrier here; {@link #unlock()} hands the ownership straight to the first waiter.
     */
    private void lock() {
        Thread me = Thread.currentThread();
        synchronized (this) {
            if (owner == null) {
                owner = me;
                return;
            }
            if (waiters == null) {
                waiters = new ArrayDeque<>(2);
            }
            waiters.add(me);
        }
        boolean interrupted = false;
        while (owner != me) {
            LockSupport.park(this);
            // park returns at once while the flag is set: clear it, and set it again once we own.
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            me.interrupt();
        }
    }

    private synchronized boolean tryLock() {
        if (owner != null) {
            return false;
        }
        owner = Thread.currentThread();
        return true;
    }

    private void unlock() {
        Thread next;
        synchronized (this) {
            next = waiters == null ? null : waiters.poll();
            owner = next;
        }
        if (next != null) {
            LockSupport.unpark(next);
        }
    }

    private void runDeferred() {
        ConcurrentLinkedQueue<Runnable> queue = deferred;
        if (queue == null) {
            return;
        }
        for (Runnable event = queue.poll(); event != null; event = queue.poll()) {
            try {
                event.run();
            } catch (RuntimeException | Error e) {
                // One failing event must not strand the ones queued behind it.
                LOG.warn("A WebSocket callback failed", e);
            }
        }
    }
}
