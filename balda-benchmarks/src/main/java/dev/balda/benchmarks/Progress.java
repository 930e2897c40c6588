package dev.balda.benchmarks;

import java.io.PrintStream;

/** Progress lines while the benchmark runs (the table comes at the end). */
final class Progress {
    private final PrintStream out;
    private final long start = System.nanoTime();

    Progress(PrintStream out) {
        this.out = out;
    }

    void say(String line) {
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        out.printf("[%3d:%02d] %s%n", seconds / 60, seconds % 60, line);
        out.flush();
    }
}
