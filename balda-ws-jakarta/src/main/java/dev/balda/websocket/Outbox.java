package dev.balda.websocket;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The per-socket send queue. At most one write is in flight at the container (Tomcat refuses a
 * second with {@code TEXT_FULL_WRITING}); later messages wait here, counted in bytes against the
 * backpressure limit.
 *
 * <p>Messages go out through the container's asynchronous API. Completions may arrive on the
 * sending thread itself (Jetty and Tyrus complete some writes inline), so the queue is pumped in a
 * loop rather than by recursion.
 *
 * <p>JSR-356 has only a blocking ping. A ping therefore takes the one write slot like a message
 * (so it never runs while a write is in flight), and is handed to the {@code pinger} executor, a
 * thread of Balda's own: never the thread that offered it, which may be a container callback or a
 * completion inside the container's write path, where a blocking send deadlocks (Jetty parks it in
 * its own flusher). The pinger thread carries on with the queue once the ping returns.
 *
 * <p>Every open socket has one, most of them idle: the outbox locks itself (no lock object) and
 * makes its queue when a first message has to wait.
 */
final class Outbox {

    /** Result of {@link #offer} when the message would pass the backpressure limit. */
    static final int OVER_LIMIT = -2;

    /** How queued messages reach the container. */
    interface Transport {
        /** Starts an asynchronous write; {@code done} gets {@code null} on success or the failure. */
        void write(Outgoing message, Consumer<Throwable> done);

        /** Sends a ping, blocking until it is written; called only on the pinger executor. */
        void ping(Outgoing.Ping ping) throws Exception;
    }

    /** What the socket learns from the queue. */
    interface Listener {
        /** The queue emptied after a send had been queued. */
        void drained();

        /** A write failed: the connection is broken. */
        void writeFailed(Throwable error);
    }

    /**
     * One write's completion and its hand-over between the write's caller and the completion:
     * whichever comes second carries on. One object per write (the flag is the object itself).
     */
    private final class Send extends AtomicBoolean implements Consumer<Throwable> {
        volatile Throwable error;

        @Override
        public void accept(Throwable failure) {
            completed(this, failure);
        }

        boolean handOver() {
            return compareAndSet(false, true);
        }
    }

    private final Transport transport;
    private final Listener listener;
    private final long limit;
    private final Executor pinger;
    /** Messages waiting behind the write in flight; made when the first one has to wait. */
    private ArrayDeque<Outgoing> queue;
    private long queuedBytes;
    /** The size of the message in flight: one message, so an int. */
    private int inFlightBytes;
    private boolean writing;
    private boolean drainOwed;
    private boolean pingPending;
    private boolean closed;
    private Runnable whenIdle;

    Outbox(Transport transport, Listener listener, long limit, Executor pinger) {
        this.transport = transport;
        this.listener = listener;
        this.limit = limit;
        this.pinger = pinger;
    }

    /**
     * Sends or queues a text or binary message.
     *
     * @return its size if it went out at once, -1 if queued, 0 if the outbox is closed,
     *     {@link #OVER_LIMIT} if queueing would pass the limit (nothing was queued)
     */
    int offer(Outgoing message) {
        int size = message.size();
        synchronized (this) {
            if (closed) {
                return 0;
            }
            if (writing) {
                if (queuedBytes + size > limit) {
                    return OVER_LIMIT;
                }
                queue().add(message);
                queuedBytes += size;
                drainOwed = true;
                return -1;
            }
            writing = true;
            inFlightBytes = size;
        }
        pump(message);
        return size;
    }

    /**
     * Sends a ping once everything queued before it is written; {@code false} if the outbox is
     * closed or a ping is already pending.
     */
    boolean ping(Outgoing.Ping ping) {
        synchronized (this) {
            if (closed || pingPending) {
                return false;
            }
            pingPending = true;
            if (writing) {
                queue().add(ping);
                return true;
            }
            writing = true;
        }
        pump(ping);
        return true;
    }

    /** The queue, made on first use; called holding the lock. */
    private ArrayDeque<Outgoing> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        return queue;
    }

    /** Drops what is queued; called holding the lock. */
    private void dropQueued() {
        if (queue != null) {
            queue.clear();
        }
        queuedBytes = 0;
    }

    /** Bytes accepted and not yet confirmed written. */
    long bufferedAmount() {
        synchronized (this) {
            return queuedBytes + inFlightBytes;
        }
    }

    /**
     * Drops everything queued and refuses further sends; a write in flight still completes. A
     * close frame waiting for that write ({@link #close(Runnable)}) is called off.
     */
    void close() {
        synchronized (this) {
            closed = true;
            dropQueued();
            whenIdle = null;
        }
    }

    /**
     * As {@link #close()}, then runs {@code whenIdle} once no write or ping is in flight: at once
     * if none is, otherwise on the thread that completes it, and never if it fails. The socket
     * sends its close frame from there, so the container's close (blocking on Tomcat while a write
     * is in flight) never waits behind a write.
     */
    void close(Runnable whenIdle) {
        synchronized (this) {
            closed = true;
            dropQueued();
            if (writing) {
                this.whenIdle = whenIdle;
                return;
            }
        }
        whenIdle.run();
    }

    private void pump(Outgoing first) {
        Outgoing current = first;
        while (current != null) {
            if (current instanceof Outgoing.Ping ping) {
                current = handToPinger(ping);
                continue;
            }
            Send send = new Send();
            try {
                transport.write(current, send);
            } catch (RuntimeException e) {
                current = afterWrite(current, e);
                continue;
            }
            if (send.handOver()) {
                return; // the completion, when it comes, carries on
            }
            // Completed before write() returned (inline, or on another thread in a race): carry on here.
            current = afterWrite(current, send.error);
        }
    }

    /** Runs the ping on the pinger; returns what to write next here if the pinger refused it. */
    private Outgoing handToPinger(Outgoing.Ping ping) {
        try {
            pinger.execute(() -> {
                Throwable error = null;
                try {
                    transport.ping(ping);
                } catch (Exception e) {
                    error = e;
                }
                Outgoing next = afterWrite(ping, error);
                if (next != null) {
                    pump(next);
                }
            });
            return null;
        } catch (RejectedExecutionException stopping) {
            // The application is stopping and its sockets are closing: the ping is moot.
            return afterWrite(ping, null);
        }
    }

    private void completed(Send send, Throwable error) {
        send.error = error;
        if (send.handOver()) {
            return; // the sending thread has not left write() yet; it carries on
        }
        Outgoing next = afterWrite(null, error);
        if (next != null) {
            pump(next);
        }
    }

    private Outgoing afterWrite(Outgoing written, Throwable error) {
        Outgoing next;
        boolean fireDrain = false;
        Runnable idle = null;
        synchronized (this) {
            if (written instanceof Outgoing.Ping) {
                pingPending = false;
            }
            if (error != null || closed) {
                closed = true;
                dropQueued();
                inFlightBytes = 0;
                writing = false;
                next = null;
                idle = error == null ? whenIdle : null;
                whenIdle = null;
            } else {
                next = queue == null ? null : queue.poll();
                if (next != null) {
                    queuedBytes -= next.size();
                    inFlightBytes = next.size();
                } else {
                    writing = false;
                    inFlightBytes = 0;
                    if (drainOwed) {
                        drainOwed = false;
                        fireDrain = true;
                    }
                }
            }
        }
        if (error != null) {
            listener.writeFailed(error);
        } else if (fireDrain) {
            listener.drained();
        } else if (idle != null) {
            idle.run();
        }
        return next;
    }
}
