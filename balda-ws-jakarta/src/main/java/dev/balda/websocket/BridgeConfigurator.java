package dev.balda.websocket;

import jakarta.websocket.Extension;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The configurator of one upgrade on a servlet container: made for that request and carrying its
 * handshake, so the endpoint instance it creates knows its connection's data without any state
 * shared between concurrent handshakes. The origin was checked by Balda before the upgrade.
 *
 * <p>Containers keep the configuration, and so this configurator, for the session's life; it lets
 * go of the handshake once the endpoint has it.
 */
class BridgeConfigurator extends ServerEndpointConfig.Configurator {
    final WebSocketOptions options;
    private Handshake<?> handshake;

    BridgeConfigurator(WebSocketOptions options, Handshake<?> handshake) {
        this.options = options;
        this.handshake = handshake;
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return options.originAllowed(originHeaderValue);
    }

    /** The first subprotocol in the client's list that the route offers, or none. */
    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
        for (String candidate : requested) {
            if (options.subprotocols().contains(candidate.trim())) {
                return candidate.trim();
            }
        }
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
        List<Extension> negotiated = new ArrayList<>();
        if (!options.perMessageDeflate()) {
            return negotiated;
        }
        for (Extension wanted : requested) {
            if (wanted.getName().equals("permessage-deflate")) {
                for (Extension available : installed) {
                    if (available.getName().equals(wanted.getName())) {
                        negotiated.add(wanted);
                        return negotiated;
                    }
                }
            }
        }
        return negotiated;
    }

    /**
     * Nothing to change in the 101. Overridden so the API's default never goes looking for a
     * container's own configurator, which picks the wrong one when several containers' jars share
     * a class path.
     */
    @Override
    public void modifyHandshake(jakarta.websocket.server.ServerEndpointConfig sec,
                                jakarta.websocket.server.HandshakeRequest request,
                                jakarta.websocket.HandshakeResponse response) {
    }

    @Override
    public <E> E getEndpointInstance(Class<E> endpointClass) throws InstantiationException {
        if (endpointClass != BridgeEndpoint.class) {
            throw new InstantiationException("Balda's configurator creates only its own endpoint, not " + endpointClass);
        }
        // Made once per upgrade: a second call would get an endpoint without a handshake, which
        // refuses the socket rather than share this one's data.
        BridgeEndpoint endpoint = new BridgeEndpoint(handshake);
        handshake = null;
        return endpointClass.cast(endpoint);
    }
}
