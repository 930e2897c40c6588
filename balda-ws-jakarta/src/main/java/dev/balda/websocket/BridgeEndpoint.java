package dev.balda.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSR-356 endpoint behind every Balda WebSocket route: it turns the container's events into
 * the {@link WebSocketHandler} contract. Instances are created only by Balda's configurators, one
 * per connection; it is public because containers require endpoint classes to be.
 */
public final class BridgeEndpoint extends Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeEndpoint.class);

    private final Handshake<?> handshake;
    private volatile BaldaSocket<?> socket;

    BridgeEndpoint(Handshake<?> handshake) {
        this.handshake = handshake;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Handshake<?> accepted = handshake != null ? handshake
                : (Handshake<?>) config.getUserProperties().get(StandaloneConfigurator.HANDSHAKE_KEY);
        if (accepted == null) {
            refuse(session, (Refusal) config.getUserProperties().get(StandaloneConfigurator.REFUSAL_KEY));
            return;
        }
        BaldaSocket<?> created = open(accepted, session);
        this.socket = created;
        created.opened();
    }

    private static <T> BaldaSocket<T> open(Handshake<T> handshake, Session session) {
        WebSocketOptions options = handshake.route.options;
        Duration idle = options.idleTimeout();
        // Balda runs its own idle timer (containers count their own pings as traffic); the
        // container's timer only backs it up, far enough out never to fire first.
        session.setMaxIdleTimeout(idle.isZero() ? 0 : idle.multipliedBy(2).toMillis());
        BaldaSocket<T> socket = new BaldaSocket<>(handshake, session);
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) socket::onTextPart);
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) socket::onBinaryPart);
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> socket.onPong());
        handshake.route.registry.added(socket);
        return socket;
    }

    /**
     * A bare JSR-356 server cannot answer a handshake with a chosen status, so a refusal decided by
     * Balda closes the socket at once with {@code 4000 + status} (4401, 4403, ...) and the message.
     */
    private static void refuse(Session session, Refusal refusal) {
        Refusal r = refusal != null ? refusal : new Refusal(500, "WebSocket upgrade refused");
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4000 + r.status()),
                    BaldaSocket.truncateReason(r.message())));
        } catch (Exception e) {
            LOG.debug("Closing a refused WebSocket failed: {}", e.toString());
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        BaldaSocket<?> s = socket;
        if (s != null) {
            s.closedByContainer(closeReason);
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        BaldaSocket<?> s = socket;
        if (s != null) {
            s.transportError(error);
        } else {
            LOG.debug("WebSocket error before open: {}", error.toString());
        }
    }

    /** A refusal decided during a bare JSR-356 handshake. */
    record Refusal(int status, String message) {
    }
}
