package dev.balda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.transport.InMemoryExchange;
import org.junit.jupiter.api.Test;

/**
 * What happens to a body over {@code maxBodySize}: the client gets its 413, and the connection is
 * left usable when the rest of the body was drained, or marked for closing when it was not.
 */
class BodyLimitTest {
    private static final int LIMIT = 1024;

    private static Balda app() {
        Balda app = Balda.create(o -> o.maxBodySize(LIMIT));
        app.post("/upload", (req, res) -> req.bodyBytes().length);
        return app;
    }

    @Test
    void aBodyJustOverTheLimitIsDrainedAndTheConnectionKept() {
        InMemoryExchange exchange = Exchanges.run(app(), InMemoryExchange.request("POST", "/upload")
                .body(new byte[LIMIT * 3]));
        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.requestBodyRead()).isTrue();
        assertThat(exchange.responseHeader("Connection")).isNull();
    }

    @Test
    void aDeclaredLengthFarOverTheLimitIsRefusedUnreadAndTheConnectionClosed() {
        long huge = LIMIT + ExchangeRequest.DISCARD_LIMIT + 1;
        InMemoryExchange exchange = Exchanges.run(app(), InMemoryExchange.request("POST", "/upload")
                .header("Content-Length", Long.toString(huge)).body(new byte[16]));
        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.requestBodyRead()).as("nothing is read from a body that will be refused").isFalse();
        assertThat(exchange.responseHeader("Connection")).isEqualTo("close");
        assertThat(Exchanges.json(exchange).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aClientWaitingFor100ContinueIsRefusedBeforeItSendsTheBody() {
        InMemoryExchange exchange = Exchanges.run(app(), InMemoryExchange.request("POST", "/upload")
                .header("Expect", "100-continue").header("Content-Length", Integer.toString(LIMIT * 2))
                .body(new byte[LIMIT * 2]));
        assertThat(exchange.status()).isEqualTo(413);
        assertThat(exchange.requestBodyRead()).as("reading would make the container send 100 Continue").isFalse();
        assertThat(exchange.responseHeader("Connection")).isEqualTo("close");
    }

    @Test
    void aBodyWithinTheLimitIsRead() {
        InMemoryExchange exchange = Exchanges.run(app(), InMemoryExchange.request("POST", "/upload").body(new byte[LIMIT]));
        assertThat(exchange.status()).isEqualTo(200);
        assertThat(exchange.responseBodyText()).isEqualTo(Integer.toString(LIMIT));
        assertThat(exchange.responseHeader("Connection")).isNull();
    }
}
