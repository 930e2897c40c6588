package dev.balda.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Connection} over a JSR-356 {@link Session}, with the only levers the API offers and
 * what each container does with them:
 *
 * <ul>
 *   <li>Messages use {@code getAsyncRemote()}; the ping uses the blocking {@code sendPing}, the only
 *       one there is. Tomcat bounds it (and its blocking close) by the session property
 *       {@value #TOMCAT_BLOCKING_SEND_TIMEOUT}, which other containers ignore; Jetty blocks until the
 *       frame is written or the connection ends, so the socket aborts a ping that overruns
 *       {@link #SEND_TIMEOUT}. A close frame with another code than 1000 gets only 50 ms on Tomcat
 *       ({@value #TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT}); on a busy server the client then saw 1006
 *       instead of its own 4000 echoed, or Balda's 1001, 1008 or 1009. It gets the same bound.
 *       The properties are set on Tomcat's sessions only: elsewhere they would be map entries
 *       kept per socket for nothing.</li>
 *   <li>There is no abort in JSR-356. A short {@code maxIdleTimeout} is the lever every container
 *       honours: Jetty's endpoint idle timer cuts a connection that makes no progress, Tomcat's
 *       background check (every few seconds) closes it, Tyrus closes the session.</li>
 *   <li>Balda runs its own idle timer, counting only the client's messages and pongs. The
 *       container's own timer counts every frame, so where it has one (Jetty: 30 s by default) it is
 *       pushed out of Balda's way; where it has none (Tomcat, Tyrus), none is added: setting one on
 *       Tyrus races with the zero-delay check its session schedules at creation, which then closes
 *       a new socket "because of the idle timeout".</li>
 * </ul>
 */
final class SessionConnection implements Connection, SendHandler {
    private static final Logger LOG = LoggerFactory.getLogger(SessionConnection.class);

    /** How long a blocking ping or close may take before the socket gives up on the peer. */
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(3);

    static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";
    static final String TOMCAT_SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";
    static final String TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT = "org.apache.tomcat.websocket.ABNORMAL_SESSION_CLOSE_SEND_TIMEOUT";
    /** One boxed value for every session's properties (a box per session would be kept per socket). */
    private static final Long SEND_TIMEOUT_MILLIS = SEND_TIMEOUT.toMillis();

    private final Session session;
    /** The completion of the one write in flight (the outbox never starts a second). */
    private volatile Consumer<Throwable> inFlight;
    private volatile boolean detached;

    SessionConnection(Session session, Duration idleTimeout) {
        this.session = session;
        if (isTomcat(session)) {
            session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, SEND_TIMEOUT_MILLIS);
            session.getUserProperties().put(TOMCAT_SESSION_CLOSE_TIMEOUT, SEND_TIMEOUT_MILLIS);
            session.getUserProperties().put(TOMCAT_ABNORMAL_CLOSE_SEND_TIMEOUT, SEND_TIMEOUT_MILLIS);
        }
        long containerIdle = session.getMaxIdleTimeout();
        if (containerIdle > 0) {
            long wanted = idleTimeout.isZero() ? 0 : idleTimeout.multipliedBy(2).toMillis();
            if (wanted == 0 || containerIdle < wanted) {
                session.setMaxIdleTimeout(wanted);
            }
        }
    }

    /** Tomcat's session (known by its class's package: no Tomcat class is loaded here). */
    private static boolean isTomcat(Session session) {
        return session.getClass().getName().startsWith("org.apache.tomcat.");
    }

    @Override
    public void write(Outgoing message, Consumer<Throwable> done) {
        inFlight = done;
        if (detached) {
            // Detached while this write was being started: the socket is gone, so is its completion.
            inFlight = null;
        }
        if (message instanceof Outgoing.Text text) {
            session.getAsyncRemote().sendText(text.text(), this);
        } else {
            session.getAsyncRemote().sendBinary(((Outgoing.Binary) message).buffer(), this);
        }
    }

    /** The container completed the write in flight (this connection is its only send handler). */
    @Override
    public void onResult(SendResult result) {
        Consumer<Throwable> done = inFlight;
        inFlight = null;
        if (done != null) {
            done.accept(result.isOK() ? null : result.getException());
        }
    }

    /**
     * Forgets the completion of the write in flight. A container that never completes a write to a
     * dead peer (Tomcat keeps the session until its own timer) then holds only this connection,
     * not the socket and its queue.
     */
    @Override
    public void detach() {
        detached = true;
        inFlight = null;
    }

    @Override
    public void ping(Outgoing.Ping ping) throws Exception {
        session.getAsyncRemote().sendPing(ping.buffer());
    }

    @Override
    public void close(int code, String reason) throws Exception {
        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), CloseCodes.fitReason(reason)));
    }

    @Override
    public void abort() {
        try {
            session.setMaxIdleTimeout(1);
        } catch (RuntimeException e) {
            LOG.debug("Shortening the idle timeout of session {} failed: {}", session.getId(), e.toString());
        }
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "Connection aborted"));
        } catch (Exception e) {
            LOG.debug("Closing aborted session {}: {}", session.getId(), e.toString());
        }
    }

    @Override
    public String subprotocol() {
        String negotiated = session.getNegotiatedSubprotocol();
        return negotiated == null || negotiated.isEmpty() ? null : negotiated;
    }
}
