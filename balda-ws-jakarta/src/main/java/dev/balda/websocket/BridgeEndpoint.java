package dev.balda.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSR-356 endpoint behind every Balda WebSocket route: it turns the container's events into
 * the {@link WebSocketHandler} contract. Instances are created only by Balda's configurators, one
 * per connection; it is public because containers require endpoint classes to be.
 *
 * <p>The message handlers it registers reach the socket through this endpoint, which lets go of
 * it once the socket has closed: a container that keeps a dead session (Tomcat does after a
 * failed write until its own timer fires) keeps only this small object.
 */
public final class BridgeEndpoint extends Endpoint {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeEndpoint.class);

    /** The upgrade's handshake until the socket opens; the socket keeps what it needs of it. */
    private Handshake<?> handshake;
    private volatile BaldaSocket<?> socket;

    BridgeEndpoint(Handshake<?> handshake) {
        this.handshake = handshake;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        Handshake<?> accepted = handshake != null ? handshake
                : (Handshake<?>) config.getUserProperties().get(StandaloneConfigurator.HANDSHAKE_KEY);
        handshake = null;
        if (accepted == null) {
            refuse(session, (Refusal) config.getUserProperties().get(StandaloneConfigurator.REFUSAL_KEY));
            return;
        }
        BaldaSocket<?> created = open(accepted, session);
        created.onClosed(() -> socket = null);
        socket = created;
        session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (part, last) -> {
            BaldaSocket<?> s = socket;
            if (s != null) {
                s.onTextPart(part, last);
            }
        });
        session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (part, last) -> {
            BaldaSocket<?> s = socket;
            if (s != null) {
                s.onBinaryPart(part, last);
            }
        });
        session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> {
            BaldaSocket<?> s = socket;
            if (s != null) {
                s.onPong();
            }
        });
        accepted.registry.added(created);
        created.opened();
    }

    private static <T> BaldaSocket<T> open(Handshake<T> handshake, Session session) {
        SessionConnection connection = new SessionConnection(session, handshake.route.options.idleTimeout());
        return new BaldaSocket<>(handshake, connection);
    }

    /**
     * A bare JSR-356 server cannot answer a handshake with a chosen status, so a refusal decided by
     * Balda closes the socket at once with {@code 4000 + status} (4401, 4403, ...) and the message.
     */
    private static void refuse(Session session, Refusal refusal) {
        Refusal r = refusal != null ? refusal : new Refusal(500, "WebSocket upgrade refused");
        try {
            session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4000 + r.status()),
                    CloseCodes.fitReason(r.message())));
        } catch (Exception e) {
            LOG.debug("Closing a refused WebSocket failed: {}", e.toString());
        }
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        BaldaSocket<?> s = socket;
        if (s != null) {
            int code = closeReason == null ? CloseCodes.ABNORMAL : closeReason.getCloseCode().getCode();
            s.closedByContainer(code, closeReason == null ? "" : closeReason.getReasonPhrase());
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        BaldaSocket<?> s = socket;
        if (s != null) {
            s.transportError(error);
        } else {
            LOG.debug("WebSocket error before open or after close: {}", error.toString());
        }
    }

    /** A refusal decided during a bare JSR-356 handshake. */
    record Refusal(int status, String message) {
    }
}
