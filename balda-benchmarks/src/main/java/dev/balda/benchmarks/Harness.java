package dev.balda.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Runs the benchmark: a load process for the whole run, then per container a baseline and a Balda
 * server (each its own JVM), the HTTP scenarios, the WebSocket scenarios, and the servers stopped
 * again. Every process it starts is stopped when it returns or throws.
 */
public final class Harness {
    private final BenchmarkOptions options;
    private final Progress progress;

    public Harness(BenchmarkOptions options, PrintStream out) {
        this.options = options;
        this.progress = new Progress(out);
    }

    /** The outcome of a run: the report and where its table was written. */
    public record Outcome(String table, Path file, boolean responsesMatched, int throughputRows, int fanOutRows,
                          int memoryRows) {
    }

    public Outcome run() throws Exception {
        Path output = options.output().toAbsolutePath();
        Path logs = output.resolve("logs");
        Files.createDirectories(logs);
        Report report = new Report();
        List<String> versions = new ArrayList<>();
        CompletableFuture<ServerPair> next = null;
        try (LoadProcess load = LoadProcess.start(options, logs)) {
            HttpGenerator generator = generator(load, logs);
            describe(report, generator, load);
            List<String> containers = options.containers();
            // Smoke figures mean nothing, so there the next container's servers start while this
            // one's are measured; a full run never has a server starting beside a measurement.
            for (int i = 0; i < containers.size(); i++) {
                String container = containers.get(i);
                progress.say("starting the " + container + " servers (baseline and Balda, one JVM each)");
                ServerPair pair = next != null ? join(next) : ServerPair.start(container, options, logs);
                next = options.smoke() && i + 1 < containers.size() ? startLater(containers.get(i + 1), logs) : null;
                try (ServerPair servers = pair) {
                    if (!servers.baseline.version().equals(servers.balda.version())) {
                        throw new IllegalStateException("The two servers run different containers: "
                                + servers.baseline.version() + " and " + servers.balda.version());
                    }
                    versions.add(servers.baseline.version());
                    new HttpBenchmark(options, generator, report, progress).run(servers);
                    new WsBenchmark(options, load, report, progress).run(servers);
                }
            }
        } finally {
            if (next != null) {
                // A failure left the next container's servers starting: wait for them, then stop them.
                try {
                    join(next).close();
                } catch (Exception alreadyFailed) {
                    // Nothing started, nothing to stop.
                }
            }
            ChildProcess.stopAll();
        }
        report.header("containers: " + String.join(", ", versions) + " (embedded; Jetty ee10)");
        String table = report.render(50);
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = output.resolve("report-" + stamp + (options.smoke() ? "-smoke" : "") + ".md");
        Files.writeString(file, table);
        Files.writeString(output.resolve(options.smoke() ? "report-smoke.md" : "report.md"), table);
        return new Outcome(table, file, report.allMatched(), report.throughputRows().size(), report.fanOutRows().size(),
                report.memoryRows().size());
    }

    private CompletableFuture<ServerPair> startLater(String container, Path logs) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ServerPair.start(container, options, logs);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static ServerPair join(CompletableFuture<ServerPair> starting) throws Exception {
        try {
            return starting.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private HttpGenerator generator(LoadProcess load, Path logs) throws IOException, InterruptedException {
        String wrk = WrkGenerator.find();
        switch (options.generator()) {
            case "wrk" -> {
                if (wrk == null) {
                    throw new IllegalStateException("--generator wrk, but no wrk on the PATH (apt-get install wrk)");
                }
                return new WrkGenerator(wrk, options.connections(), options.generatorThreads(), logs);
            }
            case "java" -> {
                return new JavaHttpGenerator(load, options.connections(), options.generatorThreads());
            }
            default -> {
                if (wrk != null) {
                    return new WrkGenerator(wrk, options.connections(), options.generatorThreads(), logs);
                }
                progress.say("wrk is not installed (apt-get install wrk): using the built-in Java generator");
                return new JavaHttpGenerator(load, options.connections(), options.generatorThreads());
            }
        }
    }

    private void describe(Report report, HttpGenerator generator, LoadProcess load) throws Exception {
        report.header((options.smoke() ? "SMOKE run (proves the harness works; its figures mean nothing)"
                : "full run") + ", "
                + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        report.header("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        report.header("JDK: " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name")
                + ", " + System.getProperty("java.vendor") + ")");
        report.header("server JVMs (both variants): " + String.join(" ", ServerProcess.jvmFlags(options))
                + ", container thread pool " + options.serverThreads() + ", loopback, own process each");
        report.header("HTTP load: " + generator.describe() + ", its own process");
        report.header("WebSocket load: the harness's Java NIO client, its own JVM (open-file limit "
                + load.fileLimit() + ")");
        report.header(String.format("method: warm-up in %.2f s intervals until throughput stops rising (< +3%%, %d–%d"
                        + " intervals), then %d interleaved rounds of %.2f s (baseline, Balda, baseline, ...); medians;"
                        + " server CPU from the server JVM itself; generator-bound when its busiest thread passes %.0f%%"
                        + " of a core",
                options.warmupMillis() / 1000.0, options.minWarmups(), options.maxWarmups(), options.rounds(),
                options.roundMillis() / 1000.0, Report.GENERATOR_BOUND * 100));
    }
}
