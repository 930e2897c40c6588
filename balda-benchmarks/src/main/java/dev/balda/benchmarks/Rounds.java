package dev.balda.benchmarks;

/**
 * Warm-up and interleaved rounds for two servers: each warms up in intervals until its
 * throughput stops rising (an interval less than 3% above the best so far, after a minimum, up to
 * a maximum; an interval below 80% of the best does not count as a plateau, since on a shared
 * machine it says more about other work than about warmth); then the rounds alternate, baseline,
 * Balda, baseline, Balda, so slow drift of the machine (other work, thermal) falls on both alike.
 */
final class Rounds {
    /** Measures one server for about the given time. */
    interface Measurer {
        Sample measure(long millis) throws Exception;
    }

    private static final double STILL_RISING = 1.03;
    private static final double DISTURBED = 0.80;

    private Rounds() {
    }

    static void run(BenchmarkOptions options, Measurer baseline, Measured baselineResult, Measurer balda,
                    Measured baldaResult, Progress progress, String what) throws Exception {
        warmUp(options, baseline, baselineResult, progress, what + " baseline");
        warmUp(options, balda, baldaResult, progress, what + " balda");
        for (int round = 1; round <= options.rounds(); round++) {
            Sample a = baseline.measure(options.roundMillis());
            baselineResult.round(a);
            Sample b = balda.measure(options.roundMillis());
            baldaResult.round(b);
            progress.say(String.format("%s round %d: baseline %,.0f/s %.1f µs, balda %,.0f/s %.1f µs", what, round,
                    a.throughput(), a.cpuMicros(), b.throughput(), b.cpuMicros()));
        }
    }

    private static void warmUp(BenchmarkOptions options, Measurer measurer, Measured result, Progress progress,
                               String what) throws Exception {
        double best = 0;
        for (int i = 1; i <= options.maxWarmups(); i++) {
            Sample sample = measurer.measure(options.warmupMillis());
            result.warmup(sample);
            boolean rising = sample.throughput() >= best * STILL_RISING;
            boolean disturbed = sample.throughput() < best * DISTURBED;
            best = Math.max(best, sample.throughput());
            if (i >= options.minWarmups() && !rising && !disturbed) {
                break;
            }
        }
        StringBuilder trail = new StringBuilder();
        for (Sample s : result.warmups()) {
            trail.append(trail.length() == 0 ? "" : " → ").append(String.format("%,.0f", s.throughput()));
        }
        progress.say(what + " warm-up: " + trail + "/s");
    }
}
