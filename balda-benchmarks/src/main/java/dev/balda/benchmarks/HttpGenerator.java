package dev.balda.benchmarks;

import java.io.IOException;

/** A load generator for the HTTP scenarios, running in a process of its own. */
interface HttpGenerator {

    /** What one run measured. */
    record Run(long requests, long errors, double seconds, double busiestThread, long cpuNanos) {
        double throughput() {
            return requests / seconds;
        }
    }

    /** A short name for the table, e.g. {@code wrk 4.1.0 (1 thread, 32 connections)}. */
    String describe();

    /**
     * Runs the scenario against the server for about {@code millis}.
     *
     * @return requests answered, those not 2xx, the seconds it ran, the busiest generator
     *     thread's CPU as a fraction of one core, and the generator's CPU time in all
     */
    Run run(HttpScenario scenario, int port, long millis) throws IOException, InterruptedException;
}
