package dev.balda.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The harness in smoke mode, on every build: all scenarios on Jetty and Tomcat for a few seconds
 * with the built-in generator. It proves the table is produced and every answer matched between
 * baseline and Balda; it never looks at a figure (performance.md: benchmarks are a command of
 * their own, never a timed test).
 */
class BenchmarkSmokeTest {

    @Test
    void smokeRunProducesTheWholeTableWithMatchingResponses() throws Exception {
        Path output = Path.of(System.getProperty("bench.output", "target/benchmarks"), "smoke");
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        Harness.Outcome outcome = new Harness(BenchmarkOptions.parse("--smoke", "--output", output.toString()),
                new PrintStream(progress, true, StandardCharsets.UTF_8)).run();

        assertThat(outcome.responsesMatched()).as(outcome.table()).isTrue();
        // Per container: the HTTP scenarios + two WebSocket echoes + sustained publish; one fan-out size; idle memory.
        assertThat(outcome.throughputRows()).as(outcome.table()).isEqualTo(2 * (HttpScenarios.all().size() + 3));
        assertThat(outcome.fanOutRows()).as(outcome.table()).isEqualTo(2);
        assertThat(outcome.memoryRows()).as(outcome.table()).isEqualTo(2);
        for (HttpScenario scenario : HttpScenarios.all()) {
            assertThat(outcome.table()).contains("| jetty | " + scenario.title() + " |")
                    .contains("| tomcat | " + scenario.title() + " |");
        }
        // Answers and generator errors only: an interval of 0.15 s on a busy machine may even count
        // no request at all, which is a figure, and figures are never asserted.
        assertThat(outcome.table()).contains("SMOKE run", "Jetty 12.", "Tomcat 11.", "JDK: ", "built-in Java NIO generator")
                .doesNotContain("PROBLEM", "ERRORS");
        assertThat(Files.readString(outcome.file())).isEqualTo(outcome.table());
        assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive))
                .as("every process the harness started has ended").isEmpty();
    }
}
