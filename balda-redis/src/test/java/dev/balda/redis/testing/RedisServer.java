package dev.balda.redis.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package) run as a child process for tests: loopback only,
 * a free port, no persistence ({@code --save "" --appendonly no}), its log in
 * {@code target/redis/}. It can be killed ({@code SIGKILL}), paused ({@code SIGSTOP}: connections
 * stay open and nothing answers) and started again on the same port, for fault tests. Every server
 * still running when the JVM exits is killed by a shutdown hook, so a failed or aborted test run
 * leaves no process behind.
 *
 * <p>{@link #call} sends one command over a fresh socket and returns the answer, for assertions
 * on Redis's own view ({@code PUBSUB NUMSUB}) without a client library.
 */
public final class RedisServer implements AutoCloseable {
    /** How to get a redis-server, for skip and failure messages. */
    public static final String INSTALL_HINT = "install it with `apt-get install -y redis-server` (Debian's package; "
            + ".ci/run installs it), or point the system property redis.server at one";

    private static final Duration READY_WAIT = Duration.ofSeconds(10);
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "redis-server-reaper"));
    }

    private final Path executable;
    private final int port;
    private final Path log;
    private final Path dir;
    private volatile Process process;

    private RedisServer(Path executable, int port) {
        this.executable = executable;
        this.port = port;
        try {
            Path base = Files.createDirectories(Path.of("target", "redis"));
            this.dir = Files.createTempDirectory(base, "redis-" + port + "-");
            this.log = dir.resolve("redis.log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The redis-server to run: the system property {@code redis.server}, else the first on the
     * {@code PATH}, else {@code /usr/bin/redis-server}; empty when there is none.
     */
    public static Optional<Path> executable() {
        String configured = System.getProperty("redis.server");
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String entry : pathVariable.split(java.io.File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    candidates.add(Path.of(entry, "redis-server"));
                }
            }
        }
        candidates.add(Path.of("/usr/bin/redis-server"));
        return candidates.stream().filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts a server on a free loopback port and waits until it answers {@code PING}.
     *
     * @throws IllegalStateException when there is no redis-server, or it does not start
     */
    public static RedisServer start() {
        Path executable = executable().orElseThrow(() -> new IllegalStateException("No redis-server: " + INSTALL_HINT));
        IllegalStateException failure = null;
        // A port found free can be taken by another process before redis-server binds it.
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServer server = new RedisServer(executable, freePort());
            try {
                server.launch();
                return server;
            } catch (IllegalStateException e) {
                server.kill();
                failure = e;
            }
        }
        throw failure;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(executable.toString(),
                "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--dir", dir.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + executable + ": " + e.getMessage(), e);
        }
        RUNNING.add(process);
        long until = System.nanoTime() + READY_WAIT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue()
                        + "; its log: " + tail());
            }
            if (answersPing()) {
                return;
            }
            pause(Duration.ofMillis(10));
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within " + READY_WAIT
                + "; its log: " + tail());
    }

    private boolean answersPing() {
        try {
            return "PONG".equals(call("PING"));
        } catch (IOException notYet) {
            return false;
        }
    }

    public int port() {
        return port;
    }

    /** The process id of the running server. */
    public long pid() {
        return process.pid();
    }

    /** {@code redis://127.0.0.1:<port>} */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isRunning() {
        Process current = process;
        return current != null && current.isAlive();
    }

    /** Kills the server at once ({@code SIGKILL}): its clients see their connections reset. */
    public void kill() {
        Process current = process;
        if (current == null) {
            return;
        }
        current.destroyForcibly();
        try {
            if (!current.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not die within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RUNNING.remove(current);
    }

    /** Freezes the server ({@code SIGSTOP}): connections stay open and nothing answers, as a hung Redis. */
    public void freeze() {
        signal("STOP");
    }

    /** Lets a frozen server go on ({@code SIGCONT}). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts the server again on the same port (after {@link #kill}), empty, and waits until it answers. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("redis-server on port " + port + " is running; kill it first");
        }
        launch();
    }

    /** Restarts a killed server and thaws a frozen one, so the next test starts from a running Redis. */
    public void ensureRunning() {
        if (!isRunning()) {
            restart();
        } else if (!answersPing()) {
            thaw();
        }
    }

    /** Stops the server for good. */
    @Override
    public void close() {
        kill();
    }

    /**
     * Sends one command on a fresh connection and returns the answer: a {@code String} for simple
     * and bulk strings, a {@code Long} for integers, a {@code List} for arrays, {@code null} for nil.
     *
     * @throws IOException when the server cannot be reached or answers an error
     */
    public Object call(String... command) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder request = new StringBuilder("*").append(command.length).append("\r\n");
            for (String part : command) {
                byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
                request.append('$').append(bytes.length).append("\r\n").append(part).append("\r\n");
            }
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /** How many clients listen to the channel, as Redis counts them ({@code PUBSUB NUMSUB}). */
    public long subscribers(String channel) throws IOException {
        List<?> answer = (List<?>) call("PUBSUB", "NUMSUB", channel);
        return (Long) answer.get(1);
    }

    private static Object read(InputStream in) throws IOException {
        int type = in.read();
        String line = line(in);
        switch (type) {
            case '+':
                return line;
            case '-':
                throw new IOException("Redis answered " + line);
            case ':':
                return Long.parseLong(line);
            case '$': {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    return null;
                }
                byte[] bytes = in.readNBytes(length + 2);
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            case '*': {
                int count = Integer.parseInt(line);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(read(in));
                }
                return items;
            }
            default:
                throw new IOException("Not a RESP answer: type " + type);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new IOException("Connection closed mid-answer");
            }
            line.write(b);
        }
        in.read();
        return line.toString(StandardCharsets.UTF_8);
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "redis-server on port " + port + (isRunning() ? "" : " (not running)");
    }
}
