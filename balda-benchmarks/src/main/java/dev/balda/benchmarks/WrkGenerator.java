package dev.balda.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (Debian's package) as a separate process per run. Its threads' CPU is sampled from
 * {@code /proc} while it runs; a thread near a full core means wrk, not the server, set the pace.
 * wrk counts whole seconds, so runs are rounded up to at least one second.
 */
final class WrkGenerator implements HttpGenerator {
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([\\d.]+)(us|ms|s|m)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS =
            Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final String executable;
    private final int connections;
    private final int threads;
    private final Path work;
    private final String version;

    WrkGenerator(String executable, int connections, int threads, Path work) throws IOException, InterruptedException {
        this.executable = executable;
        this.connections = connections;
        this.threads = threads;
        this.work = work;
        this.version = version(executable);
    }

    /** The wrk on the PATH, or {@code null}. */
    static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "wrk");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    private static String version(String executable) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher m = Pattern.compile("wrk (\\S+)").matcher(out);
        return m.find() ? m.group(1) : "unknown version";
    }

    @Override
    public String describe() {
        return "wrk " + version + " (" + threads + " thread" + (threads == 1 ? "" : "s") + ", " + connections
                + " connections)";
    }

    @Override
    public Run run(HttpScenario scenario, int port, long millis) throws IOException, InterruptedException {
        long seconds = Math.max(1, (millis + 999) / 1000);
        List<String> command = new ArrayList<>(List.of(executable, "-t" + threads, "-c" + connections,
                "-d" + seconds + "s", "--timeout", "10s"));
        if (scenario.body() != null) {
            command.add("-s");
            command.add(script(scenario).toString());
        }
        command.add("http://127.0.0.1:" + port + scenario.target());
        ChildProcess wrk = ChildProcess.start("wrk", command, work);
        try {
            Map<String, Long> first = null;
            Map<String, Long> last = null;
            long firstAt = 0;
            long lastAt = 0;
            while (!wrk.waitFor(200)) {
                Map<String, Long> sample = ProcStat.threadCpu(wrk.pid());
                if (sample.isEmpty()) {
                    continue;
                }
                if (first == null) {
                    first = sample;
                    firstAt = System.nanoTime();
                } else {
                    last = sample;
                    lastAt = System.nanoTime();
                }
                if (System.nanoTime() - firstAt > (seconds + 30) * 1_000_000_000L) {
                    throw new IOException("wrk ran 30 s past its duration" + wrk.logTail());
                }
            }
            List<String> out = wrk.remainingLines();
            if (wrk.exitValue() != 0) {
                throw new IOException("wrk failed (exit " + wrk.exitValue() + "): " + String.join("\n", out) + wrk.logTail());
            }
            return parse(String.join("\n", out), busiest(first, last, lastAt - firstAt), total(last));
        } finally {
            wrk.close();
        }
    }

    /** The busiest thread's CPU over the sampled span, as a fraction of a core. */
    private static double busiest(Map<String, Long> first, Map<String, Long> last, long nanos) {
        if (first == null || last == null || nanos <= 0) {
            return Double.NaN;
        }
        double max = 0;
        for (Map.Entry<String, Long> thread : last.entrySet()) {
            long before = first.getOrDefault(thread.getKey(), 0L);
            max = Math.max(max, (thread.getValue() - before) / (double) nanos);
        }
        return max;
    }

    private static long total(Map<String, Long> sample) {
        long sum = 0;
        if (sample != null) {
            for (long cpu : sample.values()) {
                sum += cpu;
            }
        }
        return sum;
    }

    static Run parse(String output, double busiest, long cpuNanos) throws IOException {
        Matcher requests = REQUESTS.matcher(output);
        if (!requests.find()) {
            throw new IOException("Could not read wrk's output:\n" + output);
        }
        long count = Long.parseLong(requests.group(1));
        double amount = Double.parseDouble(requests.group(2));
        double seconds = switch (requests.group(3)) {
            case "us" -> amount / 1e6;
            case "ms" -> amount / 1e3;
            case "m" -> amount * 60;
            default -> amount;
        };
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(output);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(output);
        if (socket.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(socket.group(i));
            }
        }
        return new Run(count, errors, seconds, busiest, cpuNanos);
    }

    private Path script(HttpScenario scenario) throws IOException {
        Path script = work.resolve("wrk-" + scenario.id() + ".lua");
        String lua = "wrk.method = \"" + scenario.method() + "\"\n"
                + "wrk.body = '" + scenario.body().replace("\\", "\\\\").replace("'", "\\'") + "'\n"
                + "wrk.headers[\"Content-Type\"] = \"" + scenario.contentType() + "\"\n";
        Files.writeString(script, lua);
        return script;
    }
}
