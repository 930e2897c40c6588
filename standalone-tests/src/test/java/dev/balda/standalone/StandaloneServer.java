package dev.balda.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A distribution serving the WAR from a fresh base directory under {@code work}: a free port is
 * picked right before the start, and if the container cannot bind it (another process took it in
 * between) it is stopped and started once more, on a new port and a new base.
 */
final class StandaloneServer {
    static final Duration START_DEADLINE = Duration.ofSeconds(90);
    static final int ATTEMPTS = 2;

    private final Distribution distribution;
    private final ContainerProcess process;
    private final Path base;
    private final int port;
    private final int attempt;
    private final long startMillis;

    private StandaloneServer(Distribution distribution, ContainerProcess process, Path base, int port, int attempt,
                             long startMillis) {
        this.distribution = distribution;
        this.process = process;
        this.base = base;
        this.port = port;
        this.attempt = attempt;
        this.startMillis = startMillis;
    }

    static StandaloneServer start(Distribution distribution, Path war, Path work, List<String> jvmOptions)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " is missing: run through Maven (`./mvnw -B verify`), which copies the WAR");
        }
        Files.createDirectories(work);
        String name = distribution.name();
        Path base = work.resolve(name + "-base");
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            deleteRecursively(base);
            Files.createDirectories(base);
            int port = freePort();
            distribution.prepareBase(base, war, port, work);
            long prepared = System.nanoTime();
            Path log = work.resolve(name + (attempt == 1 ? "" : "-attempt" + attempt) + "-console.log");
            ContainerProcess process = ContainerProcess.start(name, distribution.command(base, port, jvmOptions), base, log);
            boolean healthy = false;
            try {
                ContainerProcess.Startup startup = process.awaitHealthy(
                        URI.create("http://127.0.0.1:" + port + Distribution.CONTEXT_PATH + "/api/health"),
                        START_DEADLINE, distribution);
                if (startup == ContainerProcess.Startup.HEALTHY) {
                    healthy = true;
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    System.out.printf("[%s] healthy on 127.0.0.1:%d after %d ms (base prepared in %d ms, process to 200 in %d ms;"
                                    + " pid %d, attempt %d, log %s)%n", name, port, millis, (prepared - started) / 1_000_000,
                            (System.nanoTime() - prepared) / 1_000_000, process.handle().pid(), attempt, log);
                    return new StandaloneServer(distribution, process, base, port, attempt, millis);
                }
                System.out.printf("[%s] could not bind port %d (attempt %d), %s:%n%s%n", name, port, attempt, log,
                        ContainerProcess.read(log).lines()
                                .filter(line -> line.contains("BindException") || line.contains("Failed to bind"))
                                .limit(3).collect(Collectors.joining("\n")));
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException(name + " could not bind a free port in " + ATTEMPTS + " attempts\n"
                            + ContainerProcess.tail(log, ContainerProcess.TAIL_LINES));
                }
            } finally {
                if (!healthy) {
                    ContainerProcess.StopReport report = process.stop();
                    if (!report.leftAlive().isEmpty()) {
                        System.err.printf("[%s] processes still alive after a failed start: %s%n", name, report.leftAlive());
                    }
                }
            }
        }
    }

    /** A port free on the loopback interface right now (the container binds it moments later). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + Distribution.CONTEXT_PATH + path);
    }

    /** {@code http://127.0.0.1:port/war-example}: the base for the WebSocket client. */
    URI contextUri() {
        return URI.create("http://127.0.0.1:" + port + Distribution.CONTEXT_PATH);
    }

    ContainerProcess process() {
        return process;
    }

    Path base() {
        return base;
    }

    int port() {
        return port;
    }

    int attempt() {
        return attempt;
    }

    long startMillis() {
        return startMillis;
    }

    String logTail() {
        return ContainerProcess.tail(process.log(), ContainerProcess.TAIL_LINES);
    }

    ContainerProcess.StopReport stop() {
        ContainerProcess.StopReport report = process.stop();
        System.out.printf("[%s] stopped %s in %d ms, exit code %s%s%n", distribution.name(),
                report.graceful() ? "gracefully (SIGTERM)" : "FORCIBLY (SIGKILL)", report.millis(), report.exitCode(),
                report.leftAlive().isEmpty() ? "" : ", STILL ALIVE: " + report.leftAlive());
        return report;
    }

    /**
     * Processes other than this JVM and its ancestors whose command line names this server's base
     * directory: none may remain after {@link #stop()}, whatever forked what.
     */
    List<String> processesUsingBase() {
        String marker = base.toAbsolutePath().toString();
        List<Long> ours = Stream.iterate(java.util.Optional.of(ProcessHandle.current()), java.util.Optional::isPresent,
                p -> p.flatMap(ProcessHandle::parent)).map(p -> p.get().pid()).collect(Collectors.toList());
        return ProcessHandle.allProcesses()
                .filter(p -> !ours.contains(p.pid()))
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .collect(Collectors.toList());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
