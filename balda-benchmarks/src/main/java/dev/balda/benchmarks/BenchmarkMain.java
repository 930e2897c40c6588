package dev.balda.benchmarks;

/**
 * The benchmark command: {@code scripts/benchmark.sh [options]}, or
 * {@code mvn -B -pl balda-benchmarks -am -DskipTests -Pbenchmark verify -Dbench.args="..."}.
 * Prints progress, then the table; writes the table to {@code target/benchmarks/report.md}.
 * Exits 0 when the run completed and every response check matched (whatever the figures), 1 when
 * a check failed, 2 on bad options.
 */
public final class BenchmarkMain {
    private BenchmarkMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Harness.Outcome outcome = new Harness(options, System.out).run();
        System.out.println();
        System.out.println(outcome.table());
        System.out.println("Written to " + outcome.file());
        System.exit(outcome.responsesMatched() ? 0 : 1);
    }
}
