package dev.balda.snippets;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

/** A plain JSR-356 endpoint that echoes text, for {@link RawEndpoints}. */
public final class MyEndpoint extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
    }
}
