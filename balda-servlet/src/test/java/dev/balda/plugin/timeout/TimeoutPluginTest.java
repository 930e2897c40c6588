package dev.balda.plugin.timeout;

import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.http.Request;
import dev.balda.internal.MemoryExchange;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimeoutPluginTest {

    @Test
    void inRespondModeThe503GoesOutAtTheDeadlineAndLateOutputIsDiscarded() {
        Balda app = Balda.create();
        app.use(TimeoutPlugin.builder().timeout(Duration.ofMillis(50)).respond(true).build());
        app.get("/slow", (req, res) -> {
            // The handler goes on past the deadline, then writes: that output must be lost.
            awaitTimedOut(req);
            return res.status(201).header("X-Late", "yes").text("late");
        });
        app.get("/fast", (req, res) -> "fast");
        MemoryExchange slow = run(app, MemoryExchange.request("GET", "/slow"));
        assertThat(slow.status()).isEqualTo(503);
        assertThat(json(slow).get("code").asText()).isEqualTo("REQUEST_TIMEOUT");
        assertThat(slow.responseHeader("X-Late")).isNull();
        assertThat(run(app, MemoryExchange.request("GET", "/fast")).responseBodyText()).isEqualTo("fast");
    }

    @Test
    void withoutRespondTheRequestIsOnlyMarked() {
        Balda app = Balda.create();
        app.use(TimeoutPlugin.builder().timeout(Duration.ofMillis(20)).build());
        app.get("/", (req, res) -> {
            awaitTimedOut(req);
            return "marked";
        });
        assertThat(run(app, MemoryExchange.request("GET", "/")).responseBodyText()).isEqualTo("marked");
    }

    /**
     * Polls the mark, which has no notification of its own (a handler is meant to check it now and
     * then), within a bound: a timer that never fires fails the test instead of hanging the build.
     */
    private static void awaitTimedOut(Request req) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!TimeoutPlugin.timedOut(req)) {
            if (System.nanoTime() - until > 0) {
                throw new AssertionError("The request was not marked timed out within 10 s");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPlugin.builder().build())
                .withMessageStartingWith("timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPlugin.builder().timeout(Duration.ZERO).build());
    }
}
