package dev.balda.testkit.websocket;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Opens WebSocket connections for tests against one server. It speaks RFC 6455 itself over a
 * plain socket, so it sees everything the server does (the refused handshake's status and body,
 * exact close codes) and can misbehave on purpose (stop reading, send invalid UTF-8).
 *
 * <pre>{@code
 * WebSocketTestClient client = WebSocketTestClient.of(server.baseUri());
 * try (TestWebSocket ws = client.request("/ws/chat/lobby").origin("http://localhost:8080").connect()) {
 *     ws.sendText("hi");
 *     assertThat(ws.awaitMessage(Duration.ofSeconds(5)).text()).isEqualTo("hi");
 * }
 * }</pre>
 */
public final class WebSocketTestClient {
    private final URI base;
    private Duration timeout = Duration.ofSeconds(10);

    private WebSocketTestClient(URI base) {
        this.base = base;
    }

    /**
     * A client for the server at this base URI ({@code http}, {@code ws}; paths given later are
     * appended to the base's path, such as a context path).
     */
    public static WebSocketTestClient of(URI base) {
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"ws".equals(scheme)) {
            throw new IllegalArgumentException("Only plain http:// or ws:// servers are supported, not " + base);
        }
        return new WebSocketTestClient(base);
    }

    /** How long connecting and the await methods wait by default (10 s). */
    public WebSocketTestClient timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** Connects to a path with no extra headers. */
    public TestWebSocket connect(String path) throws IOException {
        return request(path).connect();
    }

    /** Starts a handshake request to a path (below the base URI's path). */
    public Request request(String path) {
        return new Request(path);
    }

    /** One handshake request under construction. */
    public final class Request {
        private final String path;
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final StringBuilder query = new StringBuilder();
        private final List<String> subprotocols = new ArrayList<>();
        private int receiveBufferSize;
        private boolean perMessageDeflate;

        private Request(String path) {
            this.path = path.startsWith("/") ? path : "/" + path;
        }

        public Request header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Request origin(String origin) {
            return header("Origin", origin);
        }

        /** Adds a query param (encoded here). */
        public Request query(String name, String value) {
            query.append(query.length() == 0 ? "" : "&")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
            return this;
        }

        /** Subprotocols offered in {@code Sec-WebSocket-Protocol}, in preference order. */
        public Request subprotocols(String... protocols) {
            subprotocols.addAll(List.of(protocols));
            return this;
        }

        /** Offers the permessage-deflate extension; see {@link TestWebSocket#isDeflateNegotiated()}. */
        public Request perMessageDeflate() {
            this.perMessageDeflate = true;
            return this;
        }

        /**
         * A small socket receive buffer, so that a client that stops reading pushes back on the
         * server sooner (0 keeps the system default).
         */
        public Request receiveBufferSize(int bytes) {
            this.receiveBufferSize = bytes;
            return this;
        }

        /**
         * Performs the handshake.
         *
         * @throws HandshakeRefusedException with the server's answer if it was not {@code 101}
         */
        public TestWebSocket connect() throws IOException {
            String basePath = base.getRawPath() == null ? "" : base.getRawPath();
            if (basePath.endsWith("/")) {
                basePath = basePath.substring(0, basePath.length() - 1);
            }
            String target = basePath + path;
            if (query.length() > 0) {
                target += (target.contains("?") ? "&" : "?") + query;
            }
            int port = base.getPort() > 0 ? base.getPort() : 80;
            return TestWebSocket.open(base.getHost(), port, target, headers, subprotocols, perMessageDeflate,
                    receiveBufferSize, timeout);
        }
    }
}
