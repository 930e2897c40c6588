package dev.balda.standalone;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One container JVM started as a child OS process, its output (stdout and stderr) going to a log
 * file. It is always stopped with its whole process tree: by {@link #stop()}, and as a last resort
 * by a JVM shutdown hook should the test JVM end first.
 */
final class ContainerProcess {
    static final Duration GRACEFUL_STOP = Duration.ofSeconds(15);
    static final Duration FORCED_STOP = Duration.ofSeconds(10);
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    static final int TAIL_LINES = 80;

    /** What the health poll saw. */
    enum Startup { HEALTHY, BIND_FAILED }

    /** How a stop went. */
    record StopReport(boolean graceful, long millis, Integer exitCode, List<ProcessHandle> leftAlive) {
    }

    private final String name;
    private final Process process;
    private final Path log;
    /** The root and every descendant ever seen: a child of a dead parent is re-parented and no longer found from the root. */
    private final Set<ProcessHandle> tree = ConcurrentHashMap.newKeySet();
    private final Thread shutdownHook;
    private StopReport stopReport;

    private ContainerProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.tree.add(process.toHandle());
        this.shutdownHook = new Thread(this::stopAtJvmExit, "stop-" + name + "-" + process.pid());
    }

    static ContainerProcess start(String name, List<String> command, Path workingDir, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        cleanEnvironment(builder.environment());
        Files.writeString(log.resolveSibling(log.getFileName() + ".cmd"), String.join(" \\\n  ", command) + "\n");
        ContainerProcess started = new ContainerProcess(name, builder.start(), log);
        try {
            Runtime.getRuntime().addShutdownHook(started.shutdownHook);
        } catch (IllegalStateException e) {
            started.stop();
            throw e;
        }
        return started;
    }

    /** Settings a developer's shell may have for the distributions' scripts; the command line says it all. */
    private static void cleanEnvironment(Map<String, String> env) {
        for (String name : List.of("CATALINA_HOME", "CATALINA_BASE", "CATALINA_OPTS", "CATALINA_TMPDIR",
                "JAVA_OPTS", "JETTY_HOME", "JETTY_BASE", "JETTY_ARGS", "JAVA_OPTIONS")) {
            env.remove(name);
        }
    }

    String name() {
        return name;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    Path log() {
        return log;
    }

    /** The root process and all descendants seen so far (including ones that have already ended). */
    List<ProcessHandle> tree() {
        remember();
        return List.copyOf(tree);
    }

    /**
     * Polls {@code GET health} until it answers 200. One loop, short intervals, one deadline.
     *
     * @return {@link Startup#BIND_FAILED} when the container could not bind its port (the caller
     *         stops it and retries on another port)
     * @throws IllegalStateException with the log tail when the process dies or the deadline passes
     */
    Startup awaitHealthy(URI health, Duration deadline, Distribution distribution) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(3)).GET().build();
        long end = System.nanoTime() + deadline.toNanos();
        String lastSeen = "nothing yet";
        while (true) {
            remember();
            if (!process.isAlive()) {
                String output = read(log);
                if (distribution.bindFailed(output)) {
                    return Startup.BIND_FAILED;
                }
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before " + health + " answered 200 (last: " + lastSeen + ")\n" + tail(log, TAIL_LINES));
            }
            try {
                var response = http.send(request, BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return Startup.HEALTHY;
                }
                lastSeen = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (IOException e) {
                lastSeen = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                if (distribution.bindFailed(read(log))) {
                    return Startup.BIND_FAILED;
                }
            }
            if (System.nanoTime() - end > 0) {
                throw new IllegalStateException(name + " did not answer 200 on " + health + " within "
                        + deadline.toSeconds() + " s (last: " + lastSeen + ")\n" + tail(log, TAIL_LINES));
            }
            // A separate OS process gives no readiness event to wait on: poll its health route until the deadline.
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /**
     * Stops the process and all its descendants: SIGTERM first (the containers' shutdown hooks stop
     * them cleanly), up to {@link #GRACEFUL_STOP}, then SIGKILL. Idempotent; an interrupt while
     * waiting goes straight to the forced stop and is kept for the caller.
     */
    synchronized StopReport stop() {
        if (stopReport != null) {
            return stopReport;
        }
        long started = System.nanoTime();
        boolean interrupted = false;
        remember();
        List<ProcessHandle> alive = alive(tree);
        alive.forEach(p -> {
            if (p.pid() == process.pid()) {
                process.destroy();
            } else {
                p.destroy();
            }
        });
        boolean graceful;
        try {
            graceful = awaitExit(alive, GRACEFUL_STOP);
        } catch (InterruptedException e) {
            interrupted = true;
            graceful = false;
        }
        if (!graceful) {
            remember();
            alive(tree).forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                awaitExit(alive(tree), FORCED_STOP);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: this is the hook running
        }
        Integer exitCode = process.isAlive() ? null : process.exitValue();
        stopReport = new StopReport(graceful, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), exitCode,
                alive(tree));
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return stopReport;
    }

    private void stopAtJvmExit() {
        if (process.isAlive() || !alive(tree).isEmpty()) {
            System.err.println("[" + name + "] the test JVM is exiting: stopping pid " + process.pid() + " and its descendants");
            stop();
        }
    }

    /** Records the current descendants, while the root still knows them. */
    private void remember() {
        process.descendants().forEach(tree::add);
    }

    private static List<ProcessHandle> alive(Collection<ProcessHandle> handles) {
        return handles.stream().filter(ProcessHandle::isAlive).collect(Collectors.toList());
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) throws InterruptedException {
        try {
            CompletableFuture.allOf(handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return alive(handles).isEmpty();
        }
    }

    /**
     * Runs a short helper command (its output to {@code log}) and waits for it; it is killed if it
     * takes longer than {@code timeout}, and a non-zero exit fails with the log tail.
     */
    static void runToCompletion(String what, List<String> command, Path workingDir, Path log, Duration timeout)
            throws IOException, InterruptedException {
        ContainerProcess helper = start(what, command, workingDir, log);
        try {
            if (!helper.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s\n"
                        + tail(log, TAIL_LINES));
            }
            if (helper.process.exitValue() != 0) {
                throw new IllegalStateException(what + " exited with code " + helper.process.exitValue() + "\n"
                        + tail(log, TAIL_LINES));
            }
        } finally {
            StopReport report = helper.stop();
            if (!report.leftAlive().isEmpty()) {
                throw new IllegalStateException(what + " left processes running: " + report.leftAlive());
            }
        }
    }

    /** The last lines of a log, framed for a failure message. */
    static String tail(Path log, int lines) {
        String text = read(log);
        List<String> all = text.lines().collect(Collectors.toList());
        List<String> last = new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
        return "----- last " + last.size() + " of " + all.size() + " lines of " + log + " -----\n"
                + String.join("\n", last) + "\n----- end of " + log.getFileName() + " -----";
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    private static String abbreviate(String body) {
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
