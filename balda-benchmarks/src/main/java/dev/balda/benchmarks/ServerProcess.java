package dev.balda.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A benchmark server in its own JVM (see {@code server.ServerMain}): one container, one variant.
 * Its CPU time and heap are read over its control channel, so nothing the load generator or the
 * harness does is counted.
 */
final class ServerProcess implements AutoCloseable {
    private final ChildProcess process;
    private final int port;
    private final String version;

    private ServerProcess(ChildProcess process, int port, String version) {
        this.process = process;
        this.port = port;
        this.version = version;
    }

    /** The JVM flags of both variants: the same heap, collector and everything else. */
    static List<String> jvmFlags(BenchmarkOptions options) {
        return List.of("-Xms" + options.serverHeap(), "-Xmx" + options.serverHeap(), "-XX:+UseG1GC",
                "-XX:+PerfDisableSharedMem", "-Djava.awt.headless=true");
    }

    /** Starts the server and waits until it listens. */
    static ServerProcess start(String container, String variant, BenchmarkOptions options, Path logs)
            throws IOException, InterruptedException {
        List<String> command = JavaCommand.of(jvmFlags(options), "dev.balda.benchmarks.server.ServerMain",
                container, variant, String.valueOf(options.serverThreads()), String.valueOf(options.maxProcessSeconds()));
        ChildProcess child = ChildProcess.start(container + "-" + variant, command, logs);
        try {
            String ready = child.next(90_000);
            if (!ready.startsWith("READY ")) {
                throw new IOException(child.name() + " did not start: " + ready + child.logTail());
            }
            String[] words = ready.split(" ", 3);
            return new ServerProcess(child, Integer.parseInt(words[1]), words[2]);
        } catch (IOException | InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    String version() {
        return version;
    }

    /** The server JVM's CPU time so far, all threads, in nanoseconds. */
    long cpuNanos() throws IOException, InterruptedException {
        return Long.parseLong(process.ask("cpu", 10_000).substring(4));
    }

    /** Heap in use after full collections, in bytes. */
    long heapAfterGc() throws IOException, InterruptedException {
        return Long.parseLong(process.ask("heap", 30_000).substring(5));
    }

    /** Has the server write a dump of its threads to its log; returns the log. */
    Path dumpThreads() throws IOException, InterruptedException {
        process.ask("threads", 30_000);
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
