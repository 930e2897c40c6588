package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.testkit.websocket.WebSocketTestClient;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSocketMessage;
import dev.balda.websocket.WebSocketOptions;
import dev.balda.websocket.WebSockets;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One node of a test cluster: an embedded Jetty or Tomcat serving a Balda application whose
 * WebSocket topics go through its own {@link RedisTopics}, as a deployed node would (or, for
 * comparison, a single node without one).
 *
 * <ul>
 *   <li>{@code /ws/topic/:topic}: subscribes on open and answers {@code subscribed}; every text or
 *       binary message is published to the topic as it came ({@code publishToSelf} off).</li>
 *   <li>{@code POST /publish/:topic}: the body (text) to the topic from the application;
 *       {@code POST /publish-binary/:topic} the same as bytes; {@code POST /publish-many/:topic?n=}
 *       publishes {@code 0..n-1} in a loop. Each answers {@code {"reached": <local sockets>}}.</li>
 * </ul>
 */
final class TopicNode implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final ContainerType type;
    final RedisTopics bus;
    final WebSockets ws;
    final EmbeddedServer server;

    private TopicNode(ContainerType type, RedisTopics bus, WebSockets ws, EmbeddedServer server) {
        this.type = type;
        this.bus = bus;
        this.ws = ws;
        this.server = server;
    }

    static TopicNode start(ContainerType type, RedisOptions options) {
        return build(type, RedisTopics.connect(options), WebSocketOptions.defaults());
    }

    /** A node whose WebSocket route has these options (the benchmark turns the idle timeout off). */
    static TopicNode start(ContainerType type, String redisUri, WebSocketOptions route) {
        return build(type, RedisTopics.connect(redisUri), route);
    }

    /** A node on its own, without a bus: topics in this JVM only. */
    static TopicNode single(ContainerType type, WebSocketOptions route) {
        return build(type, null, route);
    }

    private static TopicNode build(ContainerType type, RedisTopics bus, WebSocketOptions route) {
        Balda app = Balda.create();
        WebSockets ws = WebSockets.on(app);
        if (bus != null) {
            ws.topics(bus);
        }
        ws.route("/ws/topic/:topic", route, new WebSocketHandler<Void>() {
            @Override
            public void open(WebSocket<Void> socket) {
                socket.subscribe(socket.request().param("topic"));
                socket.send("subscribed");
            }

            @Override
            public void message(WebSocket<Void> socket, WebSocketMessage message) {
                String topic = socket.request().param("topic");
                if (message.isText()) {
                    socket.publish(topic, message.text());
                } else {
                    socket.publish(topic, message.bytes());
                }
            }
        });
        app.post("/publish/:topic", (req, res) -> Map.of("reached", ws.publish(req.param("topic"), req.bodyText())));
        app.post("/publish-binary/:topic", (req, res) -> Map.of("reached", ws.publish(req.param("topic"), req.bodyBytes())));
        app.post("/publish-many/:topic", (req, res) -> {
            int reached = 0;
            for (int i = 0, n = Integer.parseInt(req.query("n")); i < n; i++) {
                reached += ws.publish(req.param("topic"), String.valueOf(i));
            }
            return Map.of("reached", reached);
        });
        return new TopicNode(type, bus, ws, EmbeddedServer.builder(type).application(app).start());
    }

    static TopicNode start(ContainerType type, String redisUri) {
        return start(type, RedisOptions.of(redisUri));
    }

    /** A client socket subscribed to the topic on this node (its subscription is local at once, in Redis soon after). */
    TestWebSocket join(String topic) throws IOException {
        TestWebSocket socket = WebSocketTestClient.of(server.baseUri()).timeout(WAIT).connect("/ws/topic/" + topic);
        assertThat(socket.awaitText()).isEqualTo("subscribed");
        return socket;
    }

    /** An HTTP publish of text; returns the response (status 200 and {@code {"reached":n}} when all went well). */
    HttpResponse<String> publish(String topic, String text) throws IOException, InterruptedException {
        return post("/publish/" + topic, HttpRequest.BodyPublishers.ofString(text));
    }

    HttpResponse<String> publishBinary(String topic, byte[] data) throws IOException, InterruptedException {
        return post("/publish-binary/" + topic, HttpRequest.BodyPublishers.ofByteArray(data));
    }

    HttpResponse<String> publishMany(String topic, int count) throws IOException, InterruptedException {
        return post("/publish-many/" + topic + "?n=" + count, HttpRequest.BodyPublishers.noBody());
    }

    private HttpResponse<String> post(String path, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri(path)).timeout(WAIT).POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return type + " node " + server.baseUri();
    }
}
