package dev.balda.internal;

import static dev.balda.Exchanges.error;
import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.Exchanges;
import dev.balda.http.HttpException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Reading the request body under {@code maxBodySize}: read once, only when asked; over the limit
 * the client gets its 413, and the connection is left usable when the rest of the body was
 * drained, or marked for closing when it was not.
 */
class BodyReaderTest {
    private static final int LIMIT = 1024;

    private static Balda app() {
        Balda app = Balda.create(o -> o.maxBodySize(LIMIT));
        app.post("/upload", (req, res) -> req.bodyBytes().length);
        return app;
    }

    @Test
    void aBodyJustOverTheLimitIsDrainedAndTheConnectionKept() {
        MemoryExchange exchange = Exchanges.run(app(), MemoryExchange.request("POST", "/upload")
                .body(new byte[LIMIT * 3]));
        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.requestBodyRead()).isTrue();
        assertThat(exchange.responseHeader("Connection")).isNull();
    }

    @Test
    void aDeclaredLengthFarOverTheLimitIsRefusedUnreadAndTheConnectionClosed() {
        long huge = LIMIT + BodyReader.DISCARD_LIMIT + 1;
        MemoryExchange exchange = Exchanges.run(app(), MemoryExchange.request("POST", "/upload")
                .header("Content-Length", Long.toString(huge)).body(new byte[16]));
        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.requestBodyRead()).as("nothing is read from a body that will be refused").isFalse();
        assertThat(exchange.responseHeader("Connection")).isEqualTo("close");
        assertThat(Exchanges.json(exchange).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aClientWaitingFor100ContinueIsRefusedBeforeItSendsTheBody() {
        MemoryExchange exchange = Exchanges.run(app(), MemoryExchange.request("POST", "/upload")
                .header("Expect", "100-continue").header("Content-Length", Integer.toString(LIMIT * 2))
                .body(new byte[LIMIT * 2]));
        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.requestBodyRead()).as("reading would make the container send 100 Continue").isFalse();
        assertThat(exchange.responseHeader("Connection")).isEqualTo("close");
    }

    @Test
    void aBodyWithinTheLimitIsRead() {
        MemoryExchange exchange = Exchanges.run(app(), MemoryExchange.request("POST", "/upload").body(new byte[LIMIT]));
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.responseBodyText()).isEqualTo(Integer.toString(LIMIT));
        assertThat(exchange.responseHeader("Connection")).isNull();
    }

    // ------------------------------------------------------------------ through the request

    private Balda app = Balda.create();

    record NewUser(String name, int age) {
    }

    private static MemoryExchange.Builder post(String target, String body) {
        return MemoryExchange.request("POST", target).header("Content-Type", "application/json").body(body);
    }

    @Test
    void bodyOverTheLimitByContentLengthIs413AndDrained() {
        app = Balda.create(o -> o.maxBodySize(10));
        app.post("/upload", (req, res) -> req.bodyBytes().length);

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/upload")
                .header("Content-Length", "11").body("12345678901"));

        assertThat(ex.status()).isEqualTo(413);
        assertThat(jsonMap(ex)).isEqualTo(error("PAYLOAD_TOO_LARGE", "The request body is larger than 10 bytes"));
        // A small excess is read and dropped so the connection stays usable (see BodyLimitTest).
        assertThat(ex.requestBodyRead()).isTrue();
        assertThat(ex.responseHeader("Connection")).isNull();
    }

    @Test
    void bodyOverTheLimitByActualSizeIs413() {
        app = Balda.create(o -> o.maxBodySize(10));
        app.post("/upload", (req, res) -> req.bodyText());

        // The declared length lies: only counting the bytes read reveals the size.
        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/upload")
                .header("Content-Length", "2").body("x".repeat(20_000)));

        assertThat(ex.status()).isEqualTo(413);
        assertThat(jsonMap(ex)).containsEntry("code", "PAYLOAD_TOO_LARGE");
        assertThat(ex.requestBodyRead()).isTrue();
    }

    @Test
    void aBodyThatFailedToReadIsNotReadAgain() throws IOException {
        app = Balda.create(o -> o.maxBodySize(10));
        app.use((req, res, next) -> {
            try {
                req.bodyBytes();
            } catch (dev.balda.http.HttpException e) {
                req.attribute("first", e.status());
            }
            next.run();
        });
        app.post("/upload", (req, res) -> req.attribute("first") + " then " + req.bodyText());
        // Lying length, 25 bytes: the first read fails after 16; a second read would see only 9.
        MemoryExchange exchange = run(app, MemoryExchange.request("POST", "/upload")
                .header("Content-Length", "3").body("0123456789abcdef-tail-end"));

        assertThat(exchange.status()).isEqualTo(413);
        assertThat(jsonMap(exchange)).containsEntry("code", "PAYLOAD_TOO_LARGE");
        assertThat(exchange.requestBodyCalls()).isEqualTo(1);
    }

    @Test
    void aHugeDeclaredLengthUnderAHugeLimitIsNotA500() {
        app = Balda.create(o -> o.maxBodySize(Long.MAX_VALUE));
        app.post("/upload", (req, res) -> req.bodyText());

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/upload")
                .header("Content-Length", "3000000000").body("abc"));

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("abc");
    }

    @Test
    void bodyExactlyAtTheLimitIsAccepted() {
        app = Balda.create(o -> o.maxBodySize(10));
        app.post("/upload", (req, res) -> req.bodyText());

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/upload").body("1234567890"));

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("1234567890");
    }

    @Test
    void typedBodyOverTheLimitIs413() {
        app = Balda.create(o -> o.maxBodySize(5));
        app.post("/users", (req, res) -> req.body(NewUser.class));

        assertThat(run(app, post("/users", "{\"name\":\"Ada\",\"age\":1}")).status()).isEqualTo(413);
    }

    @Test
    void theBodyIsNotReadWhenNobodyAsks() {
        app.use((req, res, next) -> {
            req.header("Content-Type");
            req.query("x");
            next.run();
        });
        app.post("/ignore", (req, res) -> "ignored " + req.contentLength());

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/ignore?x=1").body("payload"));

        assertThat(ex.responseBodyText()).isEqualTo("ignored 7");
        assertThat(ex.requestBodyRead()).isFalse();
    }

    @Test
    void errorAnswersDoNotReadTheBody() {
        app.get("/x", (req, res) -> "x");

        MemoryExchange notFound = run(app, MemoryExchange.request("POST", "/nope").body("payload"));
        MemoryExchange notAllowed = run(app, MemoryExchange.request("POST", "/x").body("payload"));

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.requestBodyRead()).isFalse();
        assertThat(notAllowed.status()).isEqualTo(405);
        assertThat(notAllowed.requestBodyRead()).isFalse();
    }
}
