package dev.balda.plugin.log;

import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import dev.balda.sse.SseStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.event.Level;

class LogPluginTest {
    private final RecordingLogger logger = new RecordingLogger();
    private final List<String> seenInHandler = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void nothingLeftInTheMdc() {
        assertThat(MDC.get("requestId")).as("the request id is removed when the pipeline lets go of the thread").isNull();
    }

    private Balda app(LogPlugin.Builder log) {
        Balda app = Balda.create(o -> o.requestIdHeader("X-Request-Id"));
        app.use(log.logger(logger).build());
        app.get("/users/:id", (req, res) -> {
            seenInHandler.add(MDC.get("requestId"));
            return res.header("Set-Cookie", "sid=secret").json(java.util.Map.of("id", req.param("id")));
        });
        app.post("/echo", (req, res) -> res.text(req.bodyText()));
        app.get("/bytes", (req, res) -> new byte[] {1, 2, 3});
        app.get("/boom", (req, res) -> {
            throw new IllegalStateException("boom");
        });
        app.get("/health", (req, res) -> "ok");
        return app;
    }

    @Test
    void oneStructuredLinePerRequestWithTheFieldsAsKeyValuesToo() {
        Balda app = app(LogPlugin.builder());

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/users/42?token=secret")
                .header("X-Request-Id", "req-1").remoteAddress("203.0.113.9"));

        assertThat(logger.lines).hasSize(1);
        RecordingLogger.Line line = logger.lines.get(0);
        assertThat(line.level()).isEqualTo(Level.INFO);
        assertThat(line.message()).matches("method=GET path=/users/42 status=200 durationMs=\\d+\\.\\d{3} bytes="
                + ex.responseBodyBytes().length + " ip=203\\.0\\.113\\.9 requestId=req-1");
        assertThat(line.message()).as("the query string often carries tokens").doesNotContain("secret");
        assertThat(line.keyValues()).containsEntry("method", "GET").containsEntry("status", 200)
                .containsEntry("bytes", (long) ex.responseBodyBytes().length).containsEntry("requestId", "req-1")
                .containsKey("durationMs");
        assertThat(line.mdcRequestId()).isEqualTo("req-1");
    }

    @Test
    void theRequestIdIsInTheMdcForTheWholeRequestIncludingBaldasOwnErrorLine() {
        Balda app = app(LogPlugin.builder());
        app.errorHandler((req, res, error) -> {
            seenInHandler.add("error handler: " + MDC.get("requestId"));
            res.error(500, "handled");
        });

        run(app, MemoryExchange.request("GET", "/users/7").header("X-Request-Id", "req-7"));
        run(app, MemoryExchange.request("GET", "/boom").header("X-Request-Id", "req-8"));

        assertThat(seenInHandler).containsExactly("req-7", "error handler: req-8");
        assertThat(logger.lines).extracting(RecordingLogger.Line::mdcRequestId).containsExactly("req-7", "req-8");
    }

    @Test
    void theLineHasTheStatusThatWasSentAfterErrorHandling() {
        Balda app = app(LogPlugin.builder());

        get(app, "/boom");
        get(app, "/nope");

        assertThat(logger.lines).extracting(line -> line.keyValues().get("status")).containsExactly(500, 404);
    }

    @Test
    void headersWhenAskedWithSecretsRedacted() {
        Balda app = app(LogPlugin.builder().requestHeaders(true).responseHeaders(true).redact("X-Api-Key"));

        run(app, MemoryExchange.request("GET", "/users/1").header("Authorization", "Bearer abc.def")
                .header("Cookie", "sid=topsecret").header("X-Api-Key", "k-123").header("Accept", "application/json"));

        String message = logger.lines.get(0).message();
        assertThat(message).contains("Authorization: [redacted]", "Cookie: [redacted]", "X-Api-Key: [redacted]",
                "Accept: application/json", "Set-Cookie: [redacted]");
        assertThat(message).doesNotContain("abc.def", "topsecret", "k-123", "sid=secret");
    }

    @Test
    void bodiesWhenAskedCutAtTheLimitAndBinaryOnesBySize() {
        Balda app = app(LogPlugin.builder().requestBody(true).responseBody(true).maxBodyLength(10));

        run(app, MemoryExchange.request("POST", "/echo").header("Content-Type", "text/plain").body("hello \"world\"\nbye"));
        get(app, "/bytes");

        assertThat(logger.lines.get(0).message()).contains("requestBody=\"hello \\\"wor...[17 bytes]\"");
        assertThat(logger.lines.get(0).keyValues()).containsEntry("responseBody", "hello \"wor...[17 bytes]");
        assertThat(logger.lines.get(1).keyValues()).containsEntry("responseBody", "[3 bytes of application/octet-stream]");
    }

    @Test
    void noHeadersOrBodiesUnlessAsked() {
        Balda app = app(LogPlugin.builder());

        run(app, MemoryExchange.request("POST", "/echo").header("Authorization", "Bearer x").body("secret body"));

        assertThat(logger.lines.get(0).keyValues()).doesNotContainKeys("requestHeaders", "responseHeaders", "requestBody",
                "responseBody");
    }

    @Test
    void skippedRequestsAreNotLoggedButStillHaveTheirIdInTheMdc() {
        Balda app = app(LogPlugin.builder().skip(req -> req.path().startsWith("/health")));
        app.get("/health-id", (req, res) -> MDC.get("requestId"));

        get(app, "/health");
        MemoryExchange id = run(app, MemoryExchange.request("GET", "/health-id").header("X-Request-Id", "probe-1"));

        assertThat(logger.lines).isEmpty();
        assertThat(id.responseBodyText()).isEqualTo("probe-1");
    }

    @Test
    void theClientAddressIsTheOneLaterPluginsSettled() {
        Balda app = Balda.create();
        app.use(LogPlugin.builder().logger(logger).build(), new dev.balda.plugin.Plugin() {
            @Override
            public String name() {
                return "proxy-like";
            }

            @Override
            public java.util.concurrent.CompletionStage<Void> before(dev.balda.http.Request req, dev.balda.http.Response res) {
                req.setIp("198.51.100.7");
                return DONE;
            }

            @Override
            public void handle(dev.balda.http.Request req, dev.balda.http.Response res, dev.balda.http.Next next)
                    throws Exception {
                next.run();
            }
        });
        app.get("/", (req, res) -> "ok");

        get(app, "/");

        assertThat(logger.lines.get(0).keyValues()).containsEntry("ip", "198.51.100.7");
    }

    @Test
    void theLevelAndMdcKeyAreOptions() {
        Balda app = Balda.create();
        app.use(LogPlugin.builder().logger(logger).level(Level.DEBUG).mdcKey("rid").build());
        app.get("/", (req, res) -> MDC.get("rid"));

        MemoryExchange ex = get(app, "/");

        assertThat(logger.lines.get(0).level()).isEqualTo(Level.DEBUG);
        assertThat(ex.responseBodyText()).isEqualTo(logger.lines.get(0).keyValues().get("requestId"));
        assertThat(MDC.get("rid")).isNull();
    }

    @Test
    void anEventStreamIsLoggedWhenItEndsWithItsIdOnThatThread() throws Exception {
        CompletableFuture<SseStream> stream = new CompletableFuture<>();
        Balda app = app(LogPlugin.builder());
        app.get("/events", (req, res) -> {
            stream.complete(res.sse());
            return null;
        });

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/events").header("X-Request-Id", "sse-1"));
        assertThat(logger.lines).as("not before the stream ends").isEmpty();
        Thread closer = new Thread(() -> {
            stream.join().send("one");
            stream.join().close();
        }, "closer");
        closer.start();
        closer.join();

        assertThat(ex.awaitCompletion(Duration.ofSeconds(10))).isTrue();
        assertThat(logger.lines).hasSize(1);
        assertThat(logger.lines.get(0).thread()).isEqualTo("closer");
        assertThat(logger.lines.get(0).mdcRequestId()).isEqualTo("sse-1");
        assertThat(logger.lines.get(0).keyValues()).containsEntry("bytes", 11L);
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> LogPlugin.builder().maxBodyLength(0).build())
                .withMessageContaining("maxBodyLength");
        assertThatIllegalArgumentException().isThrownBy(() -> LogPlugin.builder().logger(" ").build())
                .withMessageContaining("logger");
        assertThatIllegalArgumentException().isThrownBy(() -> LogPlugin.builder().mdcKey("").build())
                .withMessageContaining("mdcKey");
    }
}
