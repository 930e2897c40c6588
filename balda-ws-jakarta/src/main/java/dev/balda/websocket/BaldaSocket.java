package dev.balda.websocket;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open connection: the {@link WebSocket} a handler sees, and the state machine behind it.
 *
 * <p>{@code close} runs exactly once, however the connection ends, and never waits on the peer:
 * <ul>
 *   <li>the container reports the end ({@code onClose}): its code and reason, or ours when Balda
 *       started the close;</li>
 *   <li>a write or a ping fails, or a ping overruns its deadline: 1006 at once (or the code of a
 *       close Balda had started), and the connection is aborted (Tomcat never reports
 *       {@code onClose} after a failed write);</li>
 *   <li>Balda started a close and the container has not confirmed it within
 *       {@link SessionConnection#SEND_TIMEOUT} (its close frame is stuck behind data the peer does
 *       not read): the code Balda sent, and the connection is aborted;</li>
 *   <li>the container reports an error and no {@code onClose} follows in that time: 1006.</li>
 * </ul>
 * The socket leaves the registry and its topics before {@code close} runs, and the endpoint drops
 * its reference, so a container that keeps a dead session keeps no socket.
 *
 * <p>An idle socket costs only what it must keep (performance.md allows 1 KiB): the flags are
 * fields changed by compare-and-set rather than atomic objects, and the id, the message
 * assembler, the latch that {@link #awaitClosed} waits on, the outbox's queue and the set of
 * topics are made on first use.
 */
final class BaldaSocket<T> implements WebSocket<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BaldaSocket.class);
    private static final byte[] NO_DATA = new byte[0];

    /** A close Balda started: what {@code close} reports if the container's confirmation never comes. */
    private record Close(int code, String reason) {
    }

    private static final VarHandle STATE;
    private static final VarHandle CLOSE_FIRED;
    private static final VarHandle ID;
    private static final VarHandle CLOSED;
    private static final VarHandle SUBSCRIPTIONS;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(BaldaSocket.class, "state", ReadyState.class);
            CLOSE_FIRED = lookup.findVarHandle(BaldaSocket.class, "closeFired", boolean.class);
            ID = lookup.findVarHandle(BaldaSocket.class, "id", String.class);
            CLOSED = lookup.findVarHandle(BaldaSocket.class, "closed", CountDownLatch.class);
            SUBSCRIPTIONS = lookup.findVarHandle(BaldaSocket.class, "subscriptions", Subscriptions.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Connection connection;
    private final SocketRegistry registry;
    /** The route's options and handler (one reference: it is kept per socket). */
    private final WebSocketRoute<T> route;
    private final T data;
    private final String remoteAddress;
    private final UpgradeRequest request;
    private final Outbox outbox;
    private final CallbackSerializer callbacks = new CallbackSerializer();
    /** Made on the first subscribe; {@link Subscriptions#LEFT} once the socket left its topics. */
    private volatile Subscriptions subscriptions;
    /** Made on the first message; only the container's reading thread of this session touches it. */
    private MessageAssembler assembler;
    private volatile ReadyState state = ReadyState.OPEN;
    private volatile boolean closeFired;
    /** Whether {@code close} has run; {@link #closed} is made only for someone who waits for it. */
    private volatile boolean closeRan;
    private volatile CountDownLatch closed;
    private volatile String id;
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long lastPingNanos;
    private volatile Close initiated;
    private volatile Future<?> closeDeadline;
    private volatile Runnable onClosed = () -> { };

    BaldaSocket(Handshake<T> handshake, Connection connection) {
        this.connection = connection;
        this.registry = handshake.registry;
        this.route = handshake.route;
        this.data = handshake.data;
        this.remoteAddress = handshake.remoteAddress;
        String subprotocol = connection.subprotocol();
        // One snapshot per socket: the handshake's own unless a subprotocol was negotiated.
        this.request = subprotocol == null ? handshake.request : handshake.request.withSubprotocol(subprotocol);
        OutboxEvents events = new OutboxEvents();
        this.outbox = new Outbox(events, events, route.options.backpressureLimit(), registry.pinger());
    }

    private MessageAssembler assembler() {
        MessageAssembler current = assembler;
        if (current == null) {
            current = new MessageAssembler(route.options.maxPayloadLength(), this::deliver,
                    () -> closeWith(CloseCodes.TOO_BIG, "Message larger than " + route.options.maxPayloadLength() + " bytes"));
            assembler = current;
        }
        return current;
    }

    /** Runs once the socket has closed, after it left the registry: the endpoint lets go of it. */
    void onClosed(Runnable action) {
        this.onClosed = action;
    }

    // ------------------------------------------------------------------ container events

    void opened() {
        callbacks.runNow(() -> {
            try {
                route.handler.open(this);
            } catch (Throwable e) {
                failed(e);
            }
        });
    }

    void onTextPart(String part, boolean last) {
        lastActivityNanos = System.nanoTime();
        assembler().text(part, last);
    }

    void onBinaryPart(java.nio.ByteBuffer part, boolean last) {
        lastActivityNanos = System.nanoTime();
        assembler().binary(part, last);
    }

    void onPong() {
        lastActivityNanos = System.nanoTime();
    }

    private void deliver(WebSocketMessage message) {
        callbacks.runNow(() -> {
            if (state != ReadyState.OPEN) {
                return;
            }
            try {
                route.handler.message(this, message);
            } catch (Throwable e) {
                failed(e);
            }
        });
    }

    /** The container reports the connection closed. */
    void closedByContainer(int code, String reason) {
        Close ours = initiated;
        // Containers report the peer's echo of a close Balda started; Balda's own reason tells more.
        if (ours != null && ours.code == code) {
            finish(ours.code, ours.reason, true);
        } else {
            finish(code, reason == null ? "" : reason, true);
        }
    }

    /** The container reports a transport failure; it should report the close next, and if not, Balda does. */
    void transportError(Throwable error) {
        if (closeFired) {
            return;
        }
        callbacks.runSoon(() -> guarded("error", () -> route.handler.error(this, error)));
        if (closeDeadline == null) {
            armCloseDeadline(() -> abandon(CloseCodes.ABNORMAL, "Transport error"));
        }
    }

    /**
     * Schedules what happens if the socket has not ended within the deadline, replacing an earlier
     * deadline. A socket that ended meanwhile cancels it at once: a pending deadline would keep the
     * closed socket reachable from the timer.
     */
    private void armCloseDeadline(Runnable onExpiry) {
        Future<?> previous = closeDeadline;
        if (previous != null) {
            previous.cancel(false);
        }
        Future<?> deadline = registry.schedule(onExpiry, registry.deadline());
        closeDeadline = deadline;
        if (closeFired) {
            // finish() may have read closeDeadline before it was set here.
            deadline.cancel(false);
        }
    }

    private void failed(Throwable error) {
        LOG.debug("WebSocket handler failed on {} ({})", request.path(), id(), error);
        guarded("error", () -> route.handler.error(this, error));
        closeWith(CloseCodes.INTERNAL_ERROR, "Internal error");
    }

    private void guarded(String what, Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            LOG.warn("WebSocket handler '{}' failed on {} ({})", what, request.path(), id(), e);
        }
    }

    // ------------------------------------------------------------------ heartbeat

    /** Closes an idle socket, or pings a quiet one; called by the registry's timer, never blocks. */
    void heartbeat(long now) {
        long idle = route.options.idleTimeout().toNanos();
        if (idle == 0 || state != ReadyState.OPEN) {
            return;
        }
        long quiet = now - lastActivityNanos;
        if (quiet >= idle) {
            closeWith(CloseCodes.GOING_AWAY, "Idle timeout");
        } else if (route.options.sendPings() && quiet >= idle / 2 && now - lastPingNanos >= idle / 4
                && outbox.ping(new Outgoing.Ping(NO_DATA))) {
            lastPingNanos = now;
        }
    }

    // ------------------------------------------------------------------ sending

    @Override
    public int send(String text) {
        return send(Outgoing.Text.of(text));
    }

    @Override
    public int send(byte[] data) {
        return send(new Outgoing.Binary(data.clone()));
    }

    /** Sends an immutable message, possibly shared with other sockets by a publish. */
    int send(Outgoing message) {
        if (state != ReadyState.OPEN) {
            return 0;
        }
        int result = outbox.offer(message);
        if (result != Outbox.OVER_LIMIT) {
            return result;
        }
        if (route.options.closeOnBackpressureLimit()) {
            closeWith(CloseCodes.POLICY, "Backpressure limit reached");
        }
        return 0;
    }

    @Override
    public boolean ping(byte[] data) {
        if (data.length > 125) {
            throw new IllegalArgumentException("A ping carries at most 125 bytes, not " + data.length);
        }
        return state == ReadyState.OPEN && outbox.ping(new Outgoing.Ping(data.clone()));
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void close() {
        close(CloseCodes.NORMAL, "");
    }

    @Override
    public void close(int code, String reason) {
        CloseCodes.checkApplicationCode(code);
        closeWith(code, reason);
    }

    /** Starts the closing handshake with any valid code; queued messages are dropped. Never blocks. */
    void closeWith(int code, String reason) {
        if (!STATE.compareAndSet(this, ReadyState.OPEN, ReadyState.CLOSING)) {
            return;
        }
        Close close = new Close(code, CloseCodes.fitReason(reason));
        initiated = close;
        armCloseDeadline(() -> {
            if (finish(close.code, close.reason, false)) {
                LOG.debug("WebSocket {} did not confirm its close within {}: aborted", id(), registry.deadline());
                connection.abort();
            }
        });
        // The close frame goes once the write in flight is done (never behind it: Tomcat's close
        // would wait for it); a write stuck past the deadline is cut by the abort above.
        outbox.close(() -> registry.closer().execute(() -> {
            try {
                connection.close(close.code, close.reason);
            } catch (Exception e) {
                LOG.debug("Closing WebSocket {} failed: {}", id(), e.toString());
                abandon(CloseCodes.ABNORMAL, "Close failed");
            }
        }));
    }

    @Override
    public void terminate() {
        abandon(CloseCodes.ABNORMAL, "Terminated");
    }

    /**
     * Ends the socket now without waiting for the peer, and aborts the connection on the closer.
     * {@code close} runs with this code, or with the code of a close Balda had already started (an
     * idle timeout whose close frame never got out is reported as the idle timeout).
     */
    void abandon(int code, String reason) {
        STATE.compareAndSet(this, ReadyState.OPEN, ReadyState.CLOSING);
        Close started = initiated;
        if (started != null ? finish(started.code, started.reason, false) : finish(code, reason, false)) {
            registry.closer().execute(connection::abort);
        }
    }

    /** Runs {@code close} if it has not run: the one place a socket ends. */
    private boolean finish(int code, String reason, boolean onContainerThread) {
        if (!CLOSE_FIRED.compareAndSet(this, false, true)) {
            return false;
        }
        state = ReadyState.CLOSED;
        outbox.close();
        Future<?> deadline = closeDeadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        registry.removed(this);
        connection.detach();
        onClosed.run();
        onClosed = () -> { };
        Runnable event = () -> {
            try {
                guarded("close", () -> route.handler.close(this, code, reason));
            } finally {
                closeRan = true;
                CountDownLatch waiting = closed;
                if (waiting != null) {
                    waiting.countDown();
                }
            }
        };
        if (onContainerThread) {
            callbacks.runNow(event);
        } else {
            callbacks.runSoon(event);
        }
        return true;
    }

    /** Waits until {@code close} has run. */
    boolean awaitClosed(long nanos) throws InterruptedException {
        CountDownLatch latch = closed;
        if (latch == null) {
            CLOSED.compareAndSet(this, null, new CountDownLatch(1));
            latch = closed;
        }
        // The latch is published before closeRan is read, and close sets closeRan before it reads the
        // latch: one of the two sees the other (volatile accesses are totally ordered).
        if (closeRan) {
            return true;
        }
        return latch.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    // ------------------------------------------------------------------ facts

    @Override
    public T data() {
        return data;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public String id() {
        String current = id;
        if (current == null) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            ID.compareAndSet(this, null, new UUID(random.nextLong(), random.nextLong()).toString());
            current = id;
        }
        return current;
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    @Override
    public long bufferedAmount() {
        return outbox.bufferedAmount();
    }

    @Override
    public UpgradeRequest request() {
        return request;
    }

    // ------------------------------------------------------------------ topics

    @Override
    public boolean subscribe(String topic) {
        if (state != ReadyState.OPEN) {
            return false;
        }
        Subscriptions current = subscriptions;
        if (current == null) {
            SUBSCRIPTIONS.compareAndSet(this, null, new Subscriptions(registry.topics(), this));
            current = subscriptions;
        }
        return current.add(topic);
    }

    @Override
    public boolean unsubscribe(String topic) {
        Subscriptions current = subscriptions;
        return current != null && current.remove(topic);
    }

    @Override
    public boolean isSubscribed(String topic) {
        Subscriptions current = subscriptions;
        return current != null && current.contains(topic);
    }

    @Override
    public Set<String> subscriptions() {
        Subscriptions current = subscriptions;
        return current == null ? Set.of() : current.snapshot();
    }

    /** Leaves every topic; the registry calls it when the socket closes. */
    void leaveTopics() {
        // A socket that never subscribed gets the shared mark that refuses every later subscribe.
        if (!SUBSCRIPTIONS.compareAndSet(this, null, Subscriptions.LEFT)) {
            subscriptions.leaveAll();
        }
    }

    @Override
    public int publish(String topic, String text) {
        return registry.topics().publish(topic, Outgoing.Text.of(text), route.options.publishToSelf() ? null : this);
    }

    @Override
    public int publish(String topic, byte[] data) {
        return registry.topics().publish(topic, new Outgoing.Binary(data.clone()), route.options.publishToSelf() ? null : this);
    }

    @Override
    public String toString() {
        return "WebSocket " + id() + " " + request.path() + " " + state;
    }

    /**
     * What the outbox needs from the socket, one object for both roles. As transport: the
     * connection, with a deadline on the blocking ping: a ping still unwritten after
     * {@link SessionConnection#SEND_TIMEOUT} means the peer reads nothing, and the socket is
     * abandoned, which aborts the connection and frees the pinger thread. As listener: {@code drain}
     * when the queue empties, and the end of the socket when a write fails.
     */
    private final class OutboxEvents implements Outbox.Transport, Outbox.Listener {
        @Override
        public void drained() {
            callbacks.runSoon(() -> {
                if (state == ReadyState.OPEN) {
                    guarded("drain", () -> route.handler.drain(BaldaSocket.this));
                }
            });
        }

        @Override
        public void writeFailed(Throwable error) {
            LOG.debug("Write to WebSocket {} failed: {}", id(), error.toString());
            if (!closeFired) {
                registry.closer().execute(() -> abandon(CloseCodes.ABNORMAL, "Write failed"));
            }
        }

        @Override
        public void write(Outgoing message, Consumer<Throwable> done) {
            connection.write(message, done);
        }

        @Override
        public void ping(Outgoing.Ping ping) throws Exception {
            Future<?> deadline = registry.schedule(() -> abandon(CloseCodes.ABNORMAL, "Ping timed out"), registry.deadline());
            try {
                connection.ping(ping);
            } finally {
                deadline.cancel(false);
            }
        }
    }
}
