package dev.balda.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process the harness started: its standard output read line by line (the control channel),
 * its standard error in a log file. Every child is stopped when the harness ends, on failure and
 * on Ctrl-C too (a shutdown hook), first politely, then forcibly.
 */
final class ChildProcess implements AutoCloseable {
    private static final Set<ChildProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static final String EOF = "\u0000EOF";

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcess::stopAll, "benchmark-children"));
    }

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The process ended.
            } finally {
                lines.add(EOF);
            }
        }, name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(String name, List<String> command, Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        Path log = logDirectory.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        ChildProcess child = new ChildProcess(name, builder.start(), log);
        LIVE.add(child);
        return child;
    }

    String name() {
        return name;
    }

    /** Where the process's standard error goes. */
    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** Sends one line on the control channel. */
    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    /**
     * The next line of output.
     *
     * @throws IOException when the process ended or said nothing in time, with the end of its log
     */
    String next(long timeoutMillis) throws IOException, InterruptedException {
        String line = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new IOException(name + " said nothing within " + timeoutMillis + " ms" + logTail());
        }
        if (line.equals(EOF)) {
            lines.add(EOF);
            process.waitFor(2, TimeUnit.SECONDS);
            throw new IOException(name + " ended" + (process.isAlive() ? "" : " with exit code " + process.exitValue())
                    + logTail());
        }
        return line;
    }

    /** Sends a command and returns its answer; an {@code ERROR} answer throws. */
    String ask(String command, long timeoutMillis) throws IOException, InterruptedException {
        send(command);
        String answer = next(timeoutMillis);
        if (answer.startsWith("ERROR")) {
            throw new IOException(name + " failed '" + command + "': " + answer + logTail());
        }
        return answer;
    }

    /** Waits for the process to end by itself. */
    boolean waitFor(long timeoutMillis) throws InterruptedException {
        return process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    int exitValue() {
        return process.exitValue();
    }

    /** All lines it printed so far and until it ends (for a process that only prints, like wrk). */
    List<String> remainingLines() throws InterruptedException {
        List<String> all = new java.util.ArrayList<>();
        while (true) {
            String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null || line.equals(EOF)) {
                return all;
            }
            all.add(line);
        }
    }

    String logTail() {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - 15), all.size());
            return tail.isEmpty() ? "" : "; end of " + log + ":\n  " + String.join("\n  ", tail);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** Asks the process to quit (end of input), then ends it forcibly if it does not within 10 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                try {
                    send("quit");
                    in.close();
                } catch (IOException gone) {
                    // Already ended.
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroy();
                    if (!process.waitFor(3, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(3, TimeUnit.SECONDS);
                    }
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(this);
        }
    }

    /** Ends every child at once (the shutdown hook; also after a failure). */
    static void stopAll() {
        for (ChildProcess child : LIVE) {
            child.process.destroy();
        }
        for (ChildProcess child : LIVE) {
            try {
                if (!child.process.waitFor(3, TimeUnit.SECONDS)) {
                    child.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                child.process.destroyForcibly();
            }
        }
        LIVE.clear();
    }
}
