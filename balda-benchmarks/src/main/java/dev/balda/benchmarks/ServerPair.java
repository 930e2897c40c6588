package dev.balda.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The baseline and the Balda server of one container, started side by side, stopped together. */
final class ServerPair implements AutoCloseable {
    final String container;
    final ServerProcess baseline;
    final ServerProcess balda;

    private ServerPair(String container, ServerProcess baseline, ServerProcess balda) {
        this.container = container;
        this.baseline = baseline;
        this.balda = balda;
    }

    static ServerPair start(String container, BenchmarkOptions options, Path logs) throws Exception {
        CompletableFuture<ServerProcess> baseline = CompletableFuture.supplyAsync(() -> start(container, "baseline",
                options, logs));
        CompletableFuture<ServerProcess> balda = CompletableFuture.supplyAsync(() -> start(container, "balda",
                options, logs));
        try {
            return new ServerPair(container, baseline.join(), balda.join());
        } catch (CompletionException e) {
            baseline.thenAccept(ServerProcess::close);
            balda.thenAccept(ServerProcess::close);
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static ServerProcess start(String container, String variant, BenchmarkOptions options, Path logs) {
        try {
            return ServerProcess.start(container, variant, options, logs);
        } catch (IOException e) {
            throw new CompletionException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }

    /**
     * Measures one server over one interval: its CPU time before and after (over its control
     * channel), and the machine's busy time, around whatever {@code load} runs.
     */
    static Sample measure(ServerProcess server, LoadRun load) throws Exception {
        long machineBefore = ProcStat.machineBusy();
        long cpuBefore = server.cpuNanos();
        long start = System.nanoTime();
        LoadResult result = load.run();
        long cpuAfter = server.cpuNanos();
        long wall = System.nanoTime() - start;
        long machineAfter = ProcStat.machineBusy();
        long serverCpu = cpuAfter - cpuBefore;
        double other = machineBefore < 0 ? Double.NaN
                : Math.max(0, (machineAfter - machineBefore - serverCpu - result.generatorCpuNanos()) / (double) wall);
        double throughput = result.operations() / result.seconds();
        double cpuMicros = result.operations() == 0 ? Double.NaN : serverCpu / 1000.0 / result.operations();
        return new Sample(throughput, cpuMicros, result.generatorBusy(), result.errors(), serverCpu / (double) wall,
                other);
    }

    /** One interval of load. */
    interface LoadRun {
        LoadResult run() throws Exception;
    }

    record LoadResult(long operations, long errors, double seconds, double generatorBusy, long generatorCpuNanos) {
    }

    @Override
    public void close() {
        baseline.close();
        balda.close();
    }
}
