package dev.balda.plugin.timeout;

import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
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
            while (!TimeoutPlugin.timedOut(req)) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
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
            while (!TimeoutPlugin.timedOut(req)) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            return "marked";
        });
        assertThat(run(app, MemoryExchange.request("GET", "/")).responseBodyText()).isEqualTo("marked");
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPlugin.builder().build())
                .withMessageStartingWith("timeout");
        assertThatIllegalArgumentException().isThrownBy(() -> TimeoutPlugin.builder().timeout(Duration.ZERO).build());
    }
}
