package dev.balda.websocket;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The per-socket send queue. At most one write is in flight at the container (Tomcat refuses a
 * second with {@code TEXT_FULL_WRITING}); later messages wait here, counted in bytes against the
 * backpressure limit. Completions may arrive on the sending thread itself (Jetty and Tyrus complete
 * some writes inline), so the queue is pumped in a loop rather than by recursion.
 */
final class Outbox {

    /** Result of {@link #offer} when the message would pass the backpressure limit. */
    static final int OVER_LIMIT = -2;

    /** How queued payloads reach the container. */
    interface Transport {
        /** Starts an asynchronous write; {@code done} gets {@code null} on success or the failure. */
        void write(Object payload, Consumer<Throwable> done);

        /** Sends a ping; control frames are small and sent synchronously. */
        void ping(ByteBuffer data) throws Exception;
    }

    /** What the socket learns from the queue. */
    interface Listener {
        /** The queue emptied after a send had been queued. */
        void drained();

        /** A write failed: the connection is broken. */
        void writeFailed(Throwable error);
    }

    private static final class Entry {
        final Object payload;
        final int size;
        final boolean ping;

        Entry(Object payload, int size, boolean ping) {
            this.payload = payload;
            this.size = size;
            this.ping = ping;
        }
    }

    private static final class Send {
        final AtomicBoolean handedOver = new AtomicBoolean();
        volatile Throwable error;
    }

    private final Transport transport;
    private final Listener listener;
    private final long limit;
    private final Object lock = new Object();
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private long queuedBytes;
    private long inFlightBytes;
    private boolean writing;
    private boolean drainOwed;
    private boolean pingQueued;
    private boolean closed;

    Outbox(Transport transport, Listener listener, long limit) {
        this.transport = transport;
        this.listener = listener;
        this.limit = limit;
    }

    /**
     * Sends or queues a payload ({@code String} or read-only {@code ByteBuffer}).
     *
     * @return {@code size} if it went out at once, -1 if queued, 0 if the outbox is closed,
     *     {@link #OVER_LIMIT} if queueing would pass the limit (nothing was queued)
     */
    int offer(Object payload, int size) {
        Entry entry = new Entry(payload, size, false);
        synchronized (lock) {
            if (closed) {
                return 0;
            }
            if (writing) {
                if (queuedBytes + size > limit) {
                    return OVER_LIMIT;
                }
                queue.add(entry);
                queuedBytes += size;
                drainOwed = true;
                return -1;
            }
            writing = true;
            inFlightBytes = size;
        }
        pump(entry);
        return size;
    }

    /** Queues a ping behind pending writes; {@code false} if closed or a ping is already waiting. */
    boolean ping(byte[] data) {
        Entry entry = new Entry(ByteBuffer.wrap(data), 0, true);
        synchronized (lock) {
            if (closed || pingQueued) {
                return false;
            }
            if (writing) {
                pingQueued = true;
                queue.add(entry);
                return true;
            }
            writing = true;
        }
        pump(entry);
        return true;
    }

    /** Bytes accepted and not yet confirmed written. */
    long bufferedAmount() {
        synchronized (lock) {
            return queuedBytes + inFlightBytes;
        }
    }

    /** Drops everything queued and refuses further sends. */
    void close() {
        synchronized (lock) {
            closed = true;
            queue.clear();
            queuedBytes = 0;
        }
    }

    private void pump(Entry first) {
        Entry current = first;
        while (current != null) {
            Send send = new Send();
            if (current.ping) {
                try {
                    transport.ping((ByteBuffer) current.payload);
                } catch (Exception e) {
                    send.error = e;
                }
                current = afterWrite(current, send.error);
                continue;
            }
            try {
                transport.write(current.payload, error -> completed(send, error));
            } catch (RuntimeException e) {
                current = afterWrite(current, e);
                continue;
            }
            if (send.handedOver.compareAndSet(false, true)) {
                return; // the completion, when it comes, carries on
            }
            // Completed before write() returned (inline, or on another thread in a race): carry on here.
            current = afterWrite(current, send.error);
        }
    }

    private void completed(Send send, Throwable error) {
        send.error = error;
        if (send.handedOver.compareAndSet(false, true)) {
            return; // the sending thread has not left write() yet; it carries on
        }
        Entry next = afterWrite(null, error);
        if (next != null) {
            pump(next);
        }
    }

    private Entry afterWrite(Entry written, Throwable error) {
        Entry next;
        boolean fireDrain = false;
        synchronized (lock) {
            if (written != null && written.ping) {
                pingQueued = false;
            }
            if (error != null || closed) {
                closed = true;
                queue.clear();
                queuedBytes = 0;
                inFlightBytes = 0;
                writing = false;
                next = null;
            } else {
                next = queue.poll();
                if (next != null) {
                    queuedBytes -= next.size;
                    inFlightBytes = next.size;
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
        }
        return next;
    }
}
