package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.plugin.compression.CompressionPlugin;
import dev.balda.plugin.log.LogPlugin;
import dev.balda.sse.SseStream;
import dev.balda.testkit.websocket.TestWebSocket;
import dev.balda.websocket.WebSocket;
import dev.balda.websocket.WebSocketHandler;
import dev.balda.websocket.WebSockets;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log plugin over real HTTP: one line per request with what was sent (status after error
 * handling, body bytes after compression), streams and event streams when they end, upgrades.
 */
abstract class LogSuite extends PluginSuite {
    final LineRecorder log = new LineRecorder();
    final CompletableFuture<SseStream> events = new CompletableFuture<>();

    @Override
    Balda app() {
        Balda app = Balda.create(o -> o.requestIdHeader("X-Request-Id"));
        app.use(LogPlugin.builder().logger(log).requestHeaders(true).build(), CompressionPlugin.defaults());
        app.get("/hello", (req, res) -> "hello");
        app.get("/big", (req, res) -> res.text("x".repeat(10_000)));
        app.get("/boom", (req, res) -> {
            throw new IllegalStateException("boom");
        });
        app.get("/stream", (req, res) -> {
            OutputStream out = res.stream("application/octet-stream");
            out.write(new byte[3000]);
            return null;
        });
        app.get("/events", (req, res) -> {
            events.complete(res.sse());
            return null;
        });
        WebSockets.on(app).route("/ws", new WebSocketHandler<Void>() {
            @Override
            public void open(WebSocket<Void> ws) {
                ws.send("hi");
            }
        });
        return app;
    }

    @BeforeEach
    void clear() {
        log.clear();
    }

    /** The request's one line. */
    String lineOf(String requestId) throws InterruptedException {
        List<String> found = log.await("requestId=" + requestId, TIMEOUT);
        assertThat(found).as("one line for request " + requestId + " in " + log.lines()).hasSize(1);
        return found.get(0);
    }

    @Test
    void oneLinePerRequestWithStatusBytesClientAndId() throws Exception {
        HttpResponse<String> r = get("/hello?token=secret", "X-Request-Id", "it-1", "Authorization", "Bearer top",
                "Cookie", "sid=top");

        String line = lineOf("it-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(line).startsWith("method=GET path=/hello status=200 durationMs=")
                .contains(" bytes=5 ip=127.0.0.1 requestId=it-1", "Authorization: [redacted]", "Cookie: [redacted]")
                .doesNotContain("top", "secret");
    }

    @Test
    void theStatusIsWhatWasSentAfterErrorHandling() throws Exception {
        get("/boom", "X-Request-Id", "it-2");
        get("/nope", "X-Request-Id", "it-3");

        assertThat(lineOf("it-2")).contains(" status=500 ");
        assertThat(lineOf("it-3")).contains(" status=404 ");
    }

    @Test
    void theBytesAreTheCompressedOnesOnTheWire() throws Exception {
        HttpResponse<byte[]> r = getBytes("/big", "X-Request-Id", "it-4", "Accept-Encoding", "gzip");

        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(lineOf("it-4")).contains(" bytes=" + r.body().length + " ");
    }

    @Test
    void aStreamIsLoggedWithWhatItWrote() throws Exception {
        get("/stream", "X-Request-Id", "it-5");

        assertThat(lineOf("it-5")).contains(" status=200 ", " bytes=3000 ");
    }

    @Test
    void anEventStreamIsLoggedWhenItEnds() throws Exception {
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(request("GET", "/events", "X-Request-Id", "it-6")
                .build(), HttpResponse.BodyHandlers.ofString());
        SseStream sse = events.get(10, TimeUnit.SECONDS);
        sse.send("one");
        assertThat(log.lines()).noneMatch(line -> line.contains("it-6"));
        sse.close();

        assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("data: one\n\n");
        assertThat(lineOf("it-6")).contains(" status=200 ");
    }

    @Test
    void aWebSocketUpgradeIsLoggedWithItsStatus() throws Exception {
        try (TestWebSocket ws = webSockets().request("/ws").header("X-Request-Id", "it-7").connect()) {
            assertThat(ws.awaitText()).isEqualTo("hi");
        }

        assertThat(lineOf("it-7")).contains("method=GET path=/ws status=101 ");
    }
}
