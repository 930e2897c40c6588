package dev.balda.websocket;

import jakarta.websocket.Decoder;
import jakarta.websocket.Encoder;
import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one upgrade on a servlet container, and its own configurator: one object
 * made for that request, where the API's builder makes a configuration object besides the
 * configurator (containers keep both for the session's life). Nothing in it is shared with
 * another handshake.
 */
final class UpgradeConfig extends BridgeConfigurator implements ServerEndpointConfig {
    private final String path;

    UpgradeConfig(String path, WebSocketOptions options, Handshake<?> handshake) {
        super(options, handshake);
        this.path = path;
    }

    @Override
    public Class<?> getEndpointClass() {
        return BridgeEndpoint.class;
    }

    @Override
    public String getPath() {
        return path;
    }

    @Override
    public List<String> getSubprotocols() {
        return options.subprotocols();
    }

    @Override
    public List<Extension> getExtensions() {
        return List.of();
    }

    @Override
    public Configurator getConfigurator() {
        return this;
    }

    @Override
    public List<Class<? extends Encoder>> getEncoders() {
        return List.of();
    }

    @Override
    public List<Class<? extends Decoder>> getDecoders() {
        return List.of();
    }

    /**
     * None. Since WebSocket 2.1 a container copies the configuration's properties into each
     * handshake's and session's own, which is where Balda's endpoint reads them; so each call gets
     * an empty map of its own and this configuration keeps none.
     */
    @Override
    public Map<String, Object> getUserProperties() {
        return new HashMap<>();
    }
}
