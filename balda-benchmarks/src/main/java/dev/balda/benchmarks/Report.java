package dev.balda.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of a run and their table (Markdown, so it reads in a terminal and pastes into a
 * README): throughput scenarios, fan-out latency, memory per idle socket, and the response checks.
 */
final class Report {
    /** A generator thread above this share of a core set the pace, not the server. */
    static final double GENERATOR_BOUND = 0.90;
    /** Other work on the machine worth mentioning beside a row, in cores. */
    private static final double NOTABLE_OTHER_LOAD = 0.25;

    /** The promise a throughput row is checked against. */
    enum Promise {
        /** performance.md: at least 0.95 of the baseline's throughput, CPU per request within 5%. */
        HTTP,
        /** performance.md: WebSocket echo at least 0.95 of the raw JSR-356 endpoint. */
        ECHO,
        /** Measured and compared, nothing promised. */
        NONE
    }

    record ThroughputRow(String container, String scenario, String unit, Measured baseline, Measured balda,
                         Promise promise) {
        double ratio() {
            return balda.throughput() / baseline.throughput();
        }

        double cpuRatio() {
            return balda.cpuMicros() / baseline.cpuMicros();
        }

        boolean generatorBound() {
            return baseline.generatorBusy() >= GENERATOR_BOUND || balda.generatorBusy() >= GENERATOR_BOUND;
        }
    }

    record FanOutRow(String container, int sockets, double[] baselineMillis, double[] baldaMillis,
                     double clientBusy) {
    }

    record MemoryRow(String container, int sockets, double baselineBytes, double baldaBytes) {
        double baldaOwn() {
            return baldaBytes - baselineBytes;
        }
    }

    /** A before-measuring check of one scenario on one container. */
    record Check(String container, String scenario, String problem) {
    }

    private final List<String> header = new ArrayList<>();
    private final List<ThroughputRow> throughput = new ArrayList<>();
    private final List<FanOutRow> fanOut = new ArrayList<>();
    private final List<MemoryRow> memory = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void header(String line) {
        header.add(line);
    }

    void add(ThroughputRow row) {
        throughput.add(row);
    }

    void add(FanOutRow row) {
        fanOut.add(row);
    }

    void add(MemoryRow row) {
        memory.add(row);
    }

    void add(Check check) {
        checks.add(check);
    }

    /** A scenario that failed while measuring: reported like a failed check, and the run goes on. */
    void failed(String container, String scenario, Exception e) {
        checks.add(new Check(container, scenario, "failed while measuring: " + e));
    }

    void note(String note) {
        notes.add(note);
    }

    List<ThroughputRow> throughputRows() {
        return throughput;
    }

    List<FanOutRow> fanOutRows() {
        return fanOut;
    }

    List<MemoryRow> memoryRows() {
        return memory;
    }

    List<Check> checks() {
        return checks;
    }

    /** Whether every check before measuring found identical, expected answers. */
    boolean allMatched() {
        return !checks.isEmpty() && checks.stream().allMatch(c -> c.problem() == null);
    }

    String render(int publishesNeeded) {
        StringBuilder out = new StringBuilder();
        out.append("## Balda benchmark\n\n");
        header.forEach(line -> out.append("- ").append(line).append('\n'));
        if (!throughput.isEmpty()) {
            out.append("\n### Throughput (medians of the measured rounds)\n\n");
            out.append("| container | scenario | baseline | Balda | ratio | CPU µs/op baseline | CPU µs/op Balda"
                    + " | CPU ratio | promise | notes |\n");
            out.append("|---|---|--:|--:|--:|--:|--:|--:|---|---|\n");
            for (ThroughputRow row : throughput) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s %s | %.3f | %.1f | %.1f | %.3f | %s | %s |%n",
                        row.container(), row.scenario(), count(row.baseline().throughput()), row.unit(),
                        count(row.balda().throughput()), row.unit(), row.ratio(), row.baseline().cpuMicros(),
                        row.balda().cpuMicros(), row.cpuRatio(), promise(row), notes(row)));
            }
        }
        if (!fanOut.isEmpty()) {
            out.append("\n### Fan-out: one 64-byte publish, time until the last subscriber has it (ms)\n\n");
            out.append("| container | sockets | publishes | baseline p50 / p95 / max | Balda p50 / p95 / max"
                    + " | promise | notes |\n");
            out.append("|---|--:|--:|--:|--:|---|---|\n");
            for (FanOutRow row : fanOut) {
                double p95 = Measured.percentile(row.baldaMillis(), 95);
                String promise;
                if (row.sockets() != 10_000) {
                    promise = "none";
                } else if (row.baldaMillis().length < publishesNeeded) {
                    promise = "n/a (fewer than " + publishesNeeded + " publishes)";
                } else {
                    promise = (p95 <= 50 ? "pass" : "miss") + " (p95 ≤ 50 ms)";
                }
                out.append(String.format(Locale.ROOT, "| %s | %,d | %d | %s | %s | %s | %s |%n", row.container(),
                        row.sockets(), row.baldaMillis().length, latencies(row.baselineMillis()),
                        latencies(row.baldaMillis()), promise,
                        String.format(Locale.ROOT, "client's busiest thread %.0f%% of a core", row.clientBusy() * 100)));
            }
        }
        if (!memory.isEmpty()) {
            out.append("\n### Memory per idle WebSocket (server heap after full GC, medians)\n\n");
            out.append("| container | sockets | raw JSR-356 endpoint | Balda route | Balda's own | promise |\n");
            out.append("|---|--:|--:|--:|--:|---|\n");
            for (MemoryRow row : memory) {
                out.append(String.format(Locale.ROOT, "| %s | %,d | %,.0f B | %,.0f B | %,.0f B | %s (≤ 1,024 B) |%n",
                        row.container(), row.sockets(), row.baselineBytes(), row.baldaBytes(), row.baldaOwn(),
                        row.baldaOwn() <= 1024 ? "pass" : "miss"));
            }
        }
        out.append("\n### Response checks (before measuring) and failures\n\n");
        if (allMatched()) {
            out.append("All ").append(checks.size()).append(" checks matched: for every scenario the baseline and Balda"
                    + " answered with the same bytes (status line, headers but Date, body; for WebSockets the 101"
                    + " answer and the echoed message), and the answer was the expected one.\n");
        } else {
            for (Check check : checks) {
                out.append("- ").append(check.container()).append(' ').append(check.scenario()).append(": ")
                        .append(check.problem() == null ? "matched" : "PROBLEM: " + check.problem()).append('\n');
            }
        }
        if (!notes.isEmpty()) {
            out.append("\n### Notes\n\n");
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }

    private static String promise(ThroughputRow row) {
        switch (row.promise()) {
            case HTTP -> {
                boolean pass = row.ratio() >= 0.95 && row.cpuRatio() <= 1.05;
                return (pass ? "pass" : "miss") + " (≥ 0.95, CPU ≤ 1.05)";
            }
            case ECHO -> {
                return (row.ratio() >= 0.95 ? "pass" : "miss") + " (≥ 0.95)";
            }
            default -> {
                return "none";
            }
        }
    }

    private static String notes(ThroughputRow row) {
        List<String> parts = new ArrayList<>();
        if (row.generatorBound()) {
            parts.add(String.format(Locale.ROOT, "GENERATOR-BOUND (busiest generator thread %.0f%% / %.0f%% of a core)",
                    row.baseline().generatorBusy() * 100, row.balda().generatorBusy() * 100));
        } else {
            parts.add(String.format(Locale.ROOT, "generator ≤ %.0f%% of a core",
                    Math.max(row.baseline().generatorBusy(), row.balda().generatorBusy()) * 100));
        }
        parts.add(String.format(Locale.ROOT, "server %.2f / %.2f cores", row.baseline().serverCores(),
                row.balda().serverCores()));
        double other = Math.max(row.baseline().otherCores(), row.balda().otherCores());
        if (other >= NOTABLE_OTHER_LOAD) {
            parts.add(String.format(Locale.ROOT, "other load %.1f cores", other));
        }
        long errors = row.baseline().errors() + row.balda().errors();
        if (errors > 0) {
            parts.add("ERRORS " + row.baseline().errors() + " / " + row.balda().errors());
        }
        return String.join("; ", parts);
    }

    private static String latencies(double[] millis) {
        if (millis == null || millis.length == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", Measured.percentile(millis, 50),
                Measured.percentile(millis, 95), Measured.percentile(millis, 100));
    }

    private static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
