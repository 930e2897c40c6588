package dev.balda.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The wrk path of the harness (process, CPU sampling from {@code /proc}, output parsing, the POST
 * script), on one container for the POST scenario. It runs where Debian's wrk is installed (the
 * {@code wrk-smoke} profile; .ci/run installs it); wrk counts whole seconds, so it takes a few.
 */
class WrkSmokeTest {

    @Test
    void wrkDrivesTheHttpScenarios() throws Exception {
        Path output = Path.of(System.getProperty("bench.output", "target/benchmarks"), "wrk-smoke");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Harness.Outcome outcome = new Harness(BenchmarkOptions.parse("--smoke", "--generator", "wrk",
                "--containers", "jetty", "--scenarios", "post-json", "--duration", "1", "--warmup", "1",
                "--output", output.toString()), new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(outcome.responsesMatched()).as(outcome.table()).isTrue();
        assertThat(outcome.throughputRows()).as(outcome.table()).isEqualTo(1);
        assertThat(outcome.table()).contains("HTTP load: wrk ", "| jetty | POST /json (80-byte body) |")
                .doesNotContain("PROBLEM", "ERRORS");
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .as("every process the harness started has ended").isEmpty();
    }
}
