package dev.balda.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The load process (see {@code load.LoadAgentMain}): the built-in HTTP generator and the
 * WebSocket client, in a JVM of their own.
 */
final class LoadProcess implements AutoCloseable {
    private final ChildProcess process;

    private LoadProcess(ChildProcess process) {
        this.process = process;
    }

    static LoadProcess start(BenchmarkOptions options, Path logs) throws IOException, InterruptedException {
        List<String> command = JavaCommand.of(List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:+PerfDisableSharedMem"),
                "dev.balda.benchmarks.load.LoadAgentMain", String.valueOf(options.maxProcessSeconds()));
        ChildProcess child = ChildProcess.start("load", command, logs);
        try {
            String ready = child.next(60_000);
            if (!ready.equals("READY")) {
                throw new IOException("The load process did not start: " + ready + child.logTail());
            }
            return new LoadProcess(child);
        } catch (IOException | InterruptedException | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    /** Runs a command; the answer's {@code key=value} pairs. */
    Map<String, String> run(String command, long timeoutMillis) throws IOException, InterruptedException {
        String answer = process.ask(command, timeoutMillis);
        Map<String, String> values = new HashMap<>();
        for (String pair : answer.substring(answer.indexOf(' ') + 1).split(" ")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    /** The open-file limit the load process got. */
    long fileLimit() throws IOException, InterruptedException {
        return Long.parseLong(run("limits", 10_000).get("files"));
    }

    @Override
    public void close() {
        process.close();
    }
}
