package dev.balda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pass-through mode: a request no route matches goes down the filter chain untouched (no
 * middleware, no body read, nothing written); a known path still gets its answers. On real
 * containers, beside a servlet and static files, see integration-tests' InstallationSuite.
 */
class PassThroughTest {
    private Balda app;

    @Test
    void passThroughLeavesUnmatchedRequestsUntouched() throws IOException {
        app = Balda.create(o -> o.passThrough(true));
        List<String> middlewareRuns = new ArrayList<>();
        app.use((req, res, next) -> {
            middlewareRuns.add(req.path());
            next.run();
        });
        app.post("/api/echo", (req, res) -> req.bodyText());

        MemoryExchange unmatched = MemoryExchange.request("POST", "/legacy/servlet").body("form=data").build();
        boolean handledUnmatched = app.handle(unmatched);

        assertThat(handledUnmatched).isFalse();
        assertThat(unmatched.requestBodyRead()).isFalse();
        assertThat(unmatched.responseHeaders().isEmpty()).isTrue();
        assertThat(unmatched.responseBodyBytes()).isEmpty();
        assertThat(middlewareRuns).isEmpty();

        MemoryExchange matched = MemoryExchange.request("POST", "/api/echo").body("json").build();
        boolean handledMatched = app.handle(matched);
        matched.handled();

        assertThat(handledMatched).isTrue();
        assertThat(matched.responseBodyText()).isEqualTo("json");
        assertThat(matched.requestBodyRead()).isTrue();
        assertThat(middlewareRuns).containsExactly("/api/echo");
    }

    @Test
    void passThroughStillAnswers405ForAKnownPath() throws IOException {
        app = Balda.create(o -> o.passThrough(true));
        app.get("/api/items", (req, res) -> "items");

        MemoryExchange ex = MemoryExchange.request("DELETE", "/api/items").build();

        assertThat(app.handle(ex)).isTrue();
        assertThat(ex.status()).isEqualTo(405);
    }

    @Test
    void passThroughLeavesABodyIntactForAMatchedRouteThatDoesNotReadIt() throws IOException {
        app = Balda.create(o -> o.passThrough(true));
        app.post("/api/ping", (req, res) -> "pong");

        MemoryExchange ex = MemoryExchange.request("POST", "/api/ping").body("data").build();

        assertThat(app.handle(ex)).isTrue();
        assertThat(ex.requestBodyRead()).isFalse();
    }
}
