package dev.balda.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balda.Balda;
import dev.balda.http.Headers;
import dev.balda.internal.MemoryExchange;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configurator of a route registered on a bare JSR-356 server (Tyrus standalone), where no
 * servlet filter runs. It checks the origin, then runs the Balda pipeline (global middleware,
 * route middleware, upgrade hook) on a request built from the handshake, inside
 * {@code modifyHandshake}. The accepted handshake reaches the endpoint through the user properties
 * of that one handshake: since WebSocket 2.1 (Jakarta EE 10) a container gives each handshake, and
 * the session it opens, its own copy of them, never the configuration's shared map.
 */
final class StandaloneConfigurator extends BridgeConfigurator {
    static final String HANDSHAKE_KEY = "dev.balda.websocket.handshake";
    static final String REFUSAL_KEY = "dev.balda.websocket.refusal";
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneConfigurator.class);

    private final Balda app;
    private final String contextPath;

    StandaloneConfigurator(Balda app, WebSocketOptions options, String contextPath) {
        super(options, null);
        this.app = app;
        this.contextPath = contextPath;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
        HandshakeCapture capture = new HandshakeCapture();
        MemoryExchange exchange = toExchange(request, capture);
        try {
            app.handle(exchange);
        } catch (Exception e) {
            LOG.warn("The Balda pipeline failed during a WebSocket handshake for {}", request.getRequestURI(), e);
        }
        exchange.handled();
        Handshake<?> accepted = capture.accepted();
        if (accepted == null) {
            sec.getUserProperties().put(REFUSAL_KEY, new BridgeEndpoint.Refusal(exchange.status(), refusalMessage(exchange)));
            return;
        }
        sec.getUserProperties().put(HANDSHAKE_KEY, accepted);
        exchange.responseHeaders().forEach((name, value) -> {
            if (!Headers.isContentHeader(name)) {
                response.getHeaders().computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        });
    }

    /** The endpoint finds its handshake in the user properties of its own handshake (see the class comment). */
    @Override
    public <E> E getEndpointInstance(Class<E> endpointClass) throws InstantiationException {
        if (endpointClass != BridgeEndpoint.class) {
            throw new InstantiationException("Balda's configurator creates only its own endpoint, not " + endpointClass);
        }
        return endpointClass.cast(new BridgeEndpoint(null));
    }

    private MemoryExchange toExchange(HandshakeRequest request, HandshakeCapture capture) {
        URI uri = request.getRequestURI();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        // Some containers (Tyrus) leave the query out of the request URI; the query string has it.
        String query = request.getQueryString() != null ? request.getQueryString() : uri.getRawQuery();
        String target = path + (query == null || query.isEmpty() ? "" : "?" + query);
        MemoryExchange.Builder builder = MemoryExchange.request("GET", target)
                .contextPath(contextPath)
                .remoteAddress(null)
                .attribute(HandshakeCapture.ATTRIBUTE, capture)
                .principal(request.getUserPrincipal());
        if (uri.getHost() != null) {
            builder.host(uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : ""));
        }
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        return builder.build();
    }

    /** The {@code message} of a JSON error body, or the body text itself. */
    private String refusalMessage(MemoryExchange exchange) {
        String body = exchange.responseBodyText();
        try {
            JsonNode json = app.options().objectMapper().readTree(body);
            if (json != null && json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (Exception notJson) {
            // a text body is the message as it is
        }
        return body;
    }
}
