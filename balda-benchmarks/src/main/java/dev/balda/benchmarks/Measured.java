package dev.balda.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The warm-up and measured samples of one server in one scenario, and their medians. */
final class Measured {
    private final List<Sample> warmups = new ArrayList<>();
    private final List<Sample> rounds = new ArrayList<>();

    void warmup(Sample sample) {
        warmups.add(sample);
    }

    void round(Sample sample) {
        rounds.add(sample);
    }

    List<Sample> warmups() {
        return warmups;
    }

    List<Sample> rounds() {
        return rounds;
    }

    double throughput() {
        return median(rounds, Sample::throughput);
    }

    double cpuMicros() {
        return median(rounds, Sample::cpuMicros);
    }

    /** The busiest the generator got in any measured round. */
    double generatorBusy() {
        return rounds.stream().mapToDouble(Sample::generatorBusy).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
    }

    double serverCores() {
        return median(rounds, Sample::serverCores);
    }

    double otherCores() {
        return median(rounds, Sample::otherCores);
    }

    long errors() {
        return rounds.stream().mapToLong(Sample::errors).sum() + warmups.stream().mapToLong(Sample::errors).sum();
    }

    static <T> double median(List<T> values, ToDoubleFunction<T> field) {
        List<Double> sorted = new ArrayList<>();
        for (T value : values) {
            double v = field.applyAsDouble(value);
            if (!Double.isNaN(v)) {
                sorted.add(v);
            }
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** The value below which {@code p} percent of the values lie (nearest rank). */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
