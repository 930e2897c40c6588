package dev.balda.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link WebSocket} over a JSR-356 {@link Session}: assembles partial messages under
 * {@code maxPayloadLength}, sends through an {@link Outbox}, delivers handler callbacks through a
 * {@link CallbackSerializer}, and guarantees {@code close} runs exactly once.
 */
final class BaldaSocket<T> implements WebSocket<T> {
    private static final Logger LOG = LoggerFactory.getLogger(BaldaSocket.class);

    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_TOO_BIG = 1009;
    static final int CLOSE_INTERNAL_ERROR = 1011;
    static final int CLOSE_ABNORMAL = 1006;

    private final String id;
    private final Session session;
    private final Handshake<T> handshake;
    private final WebSocketRoute<T> route;
    private final WebSocketHandler<T> handler;
    private final UpgradeRequest request;
    private final Outbox outbox;
    private final CallbackSerializer callbacks = new CallbackSerializer();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicReference<ReadyState> state = new AtomicReference<>(ReadyState.OPEN);
    private final AtomicBoolean closeFired = new AtomicBoolean();
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long lastPingNanos;
    /** The close this side started, reported to {@code close} instead of the peer's echo of it. */
    private volatile CloseReason initiatedClose;

    // Message assembly: touched only by the container's reading thread for this session.
    private StringBuilder textParts;
    private ByteArrayOutputStream binaryParts;
    private long assembledBytes;
    private boolean discarding;

    BaldaSocket(Handshake<T> handshake, Session session) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        this.id = new UUID(random.nextLong(), random.nextLong()).toString();
        this.session = session;
        this.handshake = handshake;
        this.route = handshake.route;
        this.handler = route.handler;
        this.request = handshake.request.withSubprotocol(emptyToNull(session.getNegotiatedSubprotocol()));
        this.outbox = new Outbox(new SessionTransport(session), new Outbox.Listener() {
            @Override
            public void drained() {
                callbacks.runSoon(() -> {
                    if (state.get() == ReadyState.OPEN) {
                        guarded("drain", () -> handler.drain(BaldaSocket.this));
                    }
                });
            }

            @Override
            public void writeFailed(Throwable error) {
                LOG.debug("Write to WebSocket {} failed: {}", id, error.toString());
                state.compareAndSet(ReadyState.OPEN, ReadyState.CLOSING);
            }
        }, route.options.backpressureLimit());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    // ------------------------------------------------------------------ container events

    void opened() {
        callbacks.runNow(() -> {
            try {
                handler.open(this);
            } catch (Throwable e) {
                failed(e);
            }
        });
    }

    void onTextPart(String part, boolean last) {
        lastActivityNanos = System.nanoTime();
        if (discarding) {
            discarding = !last;
            return;
        }
        if (!account(utf8Length(part), last)) {
            return;
        }
        String whole;
        if (textParts == null && last) {
            whole = part;
        } else {
            if (textParts == null) {
                textParts = new StringBuilder(part.length() * 2);
            }
            textParts.append(part);
            if (!last) {
                return;
            }
            whole = textParts.toString();
            textParts = null;
        }
        assembledBytes = 0;
        deliver(WebSocketMessage.text(whole));
    }

    void onBinaryPart(ByteBuffer part, boolean last) {
        lastActivityNanos = System.nanoTime();
        if (discarding) {
            discarding = !last;
            return;
        }
        if (!account(part.remaining(), last)) {
            return;
        }
        byte[] chunk = new byte[part.remaining()];
        part.get(chunk);
        if (binaryParts == null && last) {
            // A message in one frame, the usual case: no assembly buffer, no second copy.
            assembledBytes = 0;
            deliver(WebSocketMessage.ownedBinary(chunk));
            return;
        }
        if (binaryParts == null) {
            binaryParts = new ByteArrayOutputStream(Math.max(chunk.length * 2, 256));
        }
        binaryParts.write(chunk, 0, chunk.length);
        if (!last) {
            return;
        }
        byte[] whole = binaryParts.toByteArray();
        binaryParts = null;
        assembledBytes = 0;
        deliver(WebSocketMessage.ownedBinary(whole));
    }

    /** Counts a part against maxPayloadLength; past it, drops the message and closes with 1009. */
    private boolean account(long bytes, boolean last) {
        assembledBytes += bytes;
        if (assembledBytes <= route.options.maxPayloadLength()) {
            return true;
        }
        textParts = null;
        binaryParts = null;
        assembledBytes = 0;
        discarding = !last;
        closeWith(CLOSE_TOO_BIG, "Message larger than " + route.options.maxPayloadLength() + " bytes");
        return false;
    }

    private void deliver(WebSocketMessage message) {
        callbacks.runNow(() -> {
            if (state.get() != ReadyState.OPEN) {
                return;
            }
            try {
                handler.message(this, message);
            } catch (Throwable e) {
                failed(e);
            }
        });
    }

    void onPong() {
        lastActivityNanos = System.nanoTime();
    }

    /** The container reports the connection closed. */
    void closedByContainer(CloseReason containerReason) {
        CloseReason ours = initiatedClose;
        // Containers report the peer's close frame; when Balda started the close, its own code and reason tell more.
        CloseReason reason = ours != null && containerReason != null
                && containerReason.getCloseCode().getCode() == ours.getCloseCode().getCode() ? ours : containerReason;
        int code = reason == null ? CLOSE_ABNORMAL : reason.getCloseCode().getCode();
        fireClose(code, reason == null || reason.getReasonPhrase() == null ? "" : reason.getReasonPhrase());
    }

    /** The container reports a transport failure; it closes the session afterwards. */
    void transportError(Throwable error) {
        if (closeFired.get()) {
            return;
        }
        callbacks.runSoon(() -> guarded("error", () -> handler.error(this, error)));
    }

    private void failed(Throwable error) {
        LOG.debug("WebSocket handler failed on {} ({})", request.path(), id, error);
        guarded("error", () -> handler.error(this, error));
        closeWith(CLOSE_INTERNAL_ERROR, "Internal error");
    }

    private void fireClose(int code, String reason) {
        if (!closeFired.compareAndSet(false, true)) {
            return;
        }
        state.set(ReadyState.CLOSED);
        outbox.close();
        route.registry.removed(this);
        callbacks.runNow(() -> guarded("close", () -> handler.close(this, code, reason)));
    }

    private void guarded(String what, Runnable callback) {
        try {
            callback.run();
        } catch (Throwable e) {
            LOG.warn("WebSocket handler '{}' failed on {} ({})", what, request.path(), id, e);
        }
    }

    // ------------------------------------------------------------------ heartbeat

    long lastActivityNanos() {
        return lastActivityNanos;
    }

    long lastPingNanos() {
        return lastPingNanos;
    }

    void heartbeatPing() {
        if (outbox.ping(new byte[0])) {
            lastPingNanos = System.nanoTime();
        }
    }

    // ------------------------------------------------------------------ sending

    @Override
    public int send(String text) {
        if (state.get() != ReadyState.OPEN) {
            return 0;
        }
        return afterOffer(outbox.offer(text, utf8Length(text)));
    }

    @Override
    public int send(byte[] data) {
        if (state.get() != ReadyState.OPEN) {
            return 0;
        }
        return afterOffer(outbox.offer(ByteBuffer.wrap(data.clone()).asReadOnlyBuffer(), data.length));
    }

    /** Sends a payload shared by a publish: a {@code String} or a byte array nobody mutates. */
    int sendShared(Object payload, int size) {
        if (state.get() != ReadyState.OPEN) {
            return 0;
        }
        Object own = payload instanceof byte[] bytes ? ByteBuffer.wrap(bytes).asReadOnlyBuffer() : payload;
        return afterOffer(outbox.offer(own, size));
    }

    private int afterOffer(int result) {
        if (result != Outbox.OVER_LIMIT) {
            return result;
        }
        if (route.options.closeOnBackpressureLimit()) {
            closeWith(CLOSE_POLICY, "Backpressure limit reached");
        }
        return 0;
    }

    // ------------------------------------------------------------------ closing

    @Override
    public void close() {
        close(1000, "");
    }

    @Override
    public void close(int code, String reason) {
        if (code != 1000 && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("Close code must be 1000 or an application code 3000-4999, not " + code);
        }
        closeWith(code, reason);
    }

    /** Starts the closing handshake with any valid code; queued messages are dropped. */
    void closeWith(int code, String reason) {
        if (!beginClose()) {
            return;
        }
        // The container's close may block while a write is stuck (Tomcat waits for it): never on the caller's thread.
        route.registry.closeExecutor().execute(() -> sendClose(code, reason));
    }

    /** As {@link #closeWith}, on the calling thread, which may block while a write is stuck. */
    void closeBlocking(int code, String reason) {
        if (beginClose()) {
            sendClose(code, reason);
        }
    }

    private boolean beginClose() {
        if (!state.compareAndSet(ReadyState.OPEN, ReadyState.CLOSING)) {
            return false;
        }
        outbox.close();
        return true;
    }

    private void sendClose(int code, String reason) {
        CloseReason closeReason = new CloseReason(CloseReason.CloseCodes.getCloseCode(code), truncateReason(reason));
        initiatedClose = closeReason;
        try {
            session.close(closeReason);
        } catch (Exception e) {
            LOG.debug("Closing WebSocket {} failed: {}", id, e.toString());
            fireClose(CLOSE_ABNORMAL, "Close failed");
        }
    }

    @Override
    public void terminate() {
        ReadyState before = state.getAndSet(ReadyState.CLOSING);
        if (before == ReadyState.CLOSED) {
            return;
        }
        outbox.close();
        fireClose(CLOSE_ABNORMAL, "Terminated");
        route.registry.closeExecutor().execute(() -> {
            try {
                session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Terminated"));
            } catch (Exception e) {
                LOG.debug("Terminating WebSocket {}: {}", id, e.toString());
            }
        });
    }

    /**
     * The longest prefix of a close reason that fits the 123 UTF-8 bytes of a close frame, cut on a
     * character boundary (a surrogate pair is kept whole or dropped whole); {@code ""} for {@code null}.
     */
    static String truncateReason(String reason) {
        if (reason == null) {
            return "";
        }
        if (utf8Length(reason) <= 123) {
            return reason;
        }
        int bytes = 0;
        int end = 0;
        while (end < reason.length()) {
            int codePoint = reason.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > 123) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return reason.substring(0, end);
    }

    @Override
    public boolean ping(byte[] data) {
        if (data.length > 125) {
            throw new IllegalArgumentException("A ping carries at most 125 bytes, not " + data.length);
        }
        return state.get() == ReadyState.OPEN && outbox.ping(data.clone());
    }

    // ------------------------------------------------------------------ facts

    @Override
    public T data() {
        return handshake.data;
    }

    @Override
    public String remoteAddress() {
        return handshake.remoteAddress;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public ReadyState readyState() {
        return state.get();
    }

    @Override
    public long bufferedAmount() {
        return outbox.bufferedAmount();
    }

    @Override
    public UpgradeRequest request() {
        return request;
    }

    WebSocketRoute<T> route() {
        return route;
    }

    // ------------------------------------------------------------------ topics

    @Override
    public boolean subscribe(String topic) {
        if (state.get() != ReadyState.OPEN || !subscriptions.add(topic)) {
            return false;
        }
        route.registry.topics().subscribe(topic, this);
        return true;
    }

    @Override
    public boolean unsubscribe(String topic) {
        if (!subscriptions.remove(topic)) {
            return false;
        }
        route.registry.topics().unsubscribe(topic, this);
        return true;
    }

    @Override
    public boolean isSubscribed(String topic) {
        return subscriptions.contains(topic);
    }

    @Override
    public Set<String> subscriptions() {
        return Set.copyOf(subscriptions);
    }

    /** Topics to leave when the socket closes. */
    Set<String> subscriptionsView() {
        return subscriptions;
    }

    @Override
    public int publish(String topic, String text) {
        return route.registry.topics().publish(topic, text, utf8Length(text), route.options.publishToSelf() ? null : this);
    }

    @Override
    public int publish(String topic, byte[] data) {
        return route.registry.topics().publish(topic, data.clone(), data.length, route.options.publishToSelf() ? null : this);
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "WebSocket " + id + " " + request.path() + " " + state.get();
    }

    /** Writes through the session's async remote; the send handler reports completion. */
    private static final class SessionTransport implements Outbox.Transport {
        private final Session session;

        SessionTransport(Session session) {
            this.session = session;
        }

        @Override
        public void write(Object payload, Consumer<Throwable> done) {
            if (payload instanceof String text) {
                session.getAsyncRemote().sendText(text, result -> done.accept(result.isOK() ? null : result.getException()));
            } else {
                session.getAsyncRemote().sendBinary((ByteBuffer) payload,
                        result -> done.accept(result.isOK() ? null : result.getException()));
            }
        }

        @Override
        public void ping(ByteBuffer data) throws Exception {
            session.getAsyncRemote().sendPing(data);
        }
    }
}
