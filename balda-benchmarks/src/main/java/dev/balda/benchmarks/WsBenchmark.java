package dev.balda.benchmarks;

import dev.balda.benchmarks.server.Payloads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket scenarios on one container: the check (same 101 answer, same echo), echo
 * throughput, memory per idle socket, fan-out latency, and sustained publishing.
 */
final class WsBenchmark {
    private static final long TIMEOUT = 600_000;

    private final BenchmarkOptions options;
    private final LoadProcess load;
    private final Report report;
    private final Progress progress;

    WsBenchmark(BenchmarkOptions options, LoadProcess load, Report report, Progress progress) {
        this.options = options;
        this.load = load;
        this.report = report;
        this.progress = progress;
    }

    void run(ServerPair servers) throws Exception {
        boolean any = BenchmarkOptions.WS_SCENARIOS.stream().anyMatch(options::runs);
        if (!any) {
            return;
        }
        String problem;
        try {
            problem = check(servers);
        } catch (Exception e) {
            problem = "failed: " + e;
        }
        report.add(new Report.Check(servers.container, "WebSocket 101 answer and echo", problem));
        if (problem != null) {
            progress.say(servers.container + " WebSocket check failed, not measured: " + problem);
            return;
        }
        if (options.runs("ws-echo")) {
            guarded(servers, "ws-echo", () -> echo(servers, Payloads.WS_ECHO, "ws-echo", "", Report.Promise.ECHO));
        }
        if (options.runs("ws-echo-async")) {
            guarded(servers, "ws-echo-async", () -> echo(servers, Payloads.WS_ECHO_ASYNC, "ws-echo-async",
                    ", baseline sending asynchronously", Report.Promise.NONE));
        }
        if (options.runs("ws-idle-memory")) {
            guarded(servers, "ws-idle-memory", () -> idleMemory(servers));
        }
        if (options.runs("ws-fanout")) {
            for (int sockets : options.fanOutSizes()) {
                guarded(servers, "ws-fanout " + sockets, () -> fanOut(servers, sockets));
            }
        }
        if (options.runs("ws-publish")) {
            guarded(servers, "ws-publish", () -> publish(servers));
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A scenario that fails is reported, and the run goes on with the next. */
    private void guarded(ServerPair servers, String scenario, Step step) {
        try {
            step.run();
        } catch (Exception e) {
            report.failed(servers.container, scenario, e);
            progress.say(servers.container + " " + scenario + " failed: " + e);
            dumpThreads(servers);
        }
    }

    /** While a server that stopped answering may still be stuck: what its threads are doing. */
    private void dumpThreads(ServerPair servers) {
        for (ServerProcess server : List.of(servers.baseline, servers.balda)) {
            try {
                progress.say("  thread dump written to " + server.dumpThreads());
            } catch (IOException e) {
                progress.say("  no thread dump: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private String check(ServerPair servers) throws Exception {
        Map<String, String> baseline = load.run("wscheck " + servers.baseline.port() + " " + Payloads.WS_ECHO, 60_000);
        Map<String, String> balda = load.run("wscheck " + servers.balda.port() + " " + Payloads.WS_ECHO, 60_000);
        String baselineHead = ResponseCheck.normalised(Base64.getDecoder().decode(baseline.get("handshake")));
        String baldaHead = ResponseCheck.normalised(Base64.getDecoder().decode(balda.get("handshake")));
        if (!baselineHead.equals(baldaHead)) {
            return "the 101 answers differ:\n--- baseline\n" + baselineHead + "--- balda\n" + baldaHead;
        }
        String echo = new String(Base64.getDecoder().decode(balda.get("echo")), StandardCharsets.UTF_8);
        String baselineEcho = new String(Base64.getDecoder().decode(baseline.get("echo")), StandardCharsets.UTF_8);
        if (!echo.equals(baselineEcho) || !echo.startsWith("c42;") || echo.length() != 64) {
            return "the echoes differ or are wrong: baseline '" + baselineEcho + "', balda '" + echo + "'";
        }
        return null;
    }

    private void echo(ServerPair servers, String path, String scenario, String titleTail, Report.Promise promise)
            throws Exception {
        Measured baseline = new Measured();
        Measured balda = new Measured();
        Rounds.run(options, millis -> echoOnce(servers.baseline, path, millis), baseline,
                millis -> echoOnce(servers.balda, path, millis), balda, progress, servers.container + " " + scenario);
        report.add(new Report.ThroughputRow(servers.container, "WebSocket echo, 64 B, " + options.echoConnections()
                + " connections × window " + options.echoWindow() + titleTail, "msg/s", baseline, balda, promise));
    }

    private Sample echoOnce(ServerProcess server, String path, long millis) throws Exception {
        return ServerPair.measure(server, () -> {
            Map<String, String> r = load.run("echo " + server.port() + " " + path + " "
                    + options.echoConnections() + " " + options.echoWindow() + " " + millis, millis + TIMEOUT);
            return result(r, Long.parseLong(r.get("messages")));
        });
    }

    private void publish(ServerPair servers) throws Exception {
        int subscribers = options.publishSubscribers();
        if (!enoughFiles(servers.container + " ws-publish", subscribers)) {
            return;
        }
        Measured baseline = new Measured();
        Measured balda = new Measured();
        Rounds.run(options, millis -> publishOnce(servers.baseline, subscribers, millis), baseline,
                millis -> publishOnce(servers.balda, subscribers, millis), balda, progress,
                servers.container + " ws-publish");
        report.add(new Report.ThroughputRow(servers.container, "sustained publish to " + String.format("%,d", subscribers)
                + " subscribers, window 8 (deliveries)", "msg/s", baseline, balda, Report.Promise.NONE));
    }

    private Sample publishOnce(ServerProcess server, int subscribers, long millis) throws Exception {
        return ServerPair.measure(server, () -> {
            Map<String, String> r = load.run("throughput " + server.port() + " " + Payloads.WS_SUBSCRIBE + " "
                    + Payloads.WS_PUBLISH + " " + subscribers + " 8 " + millis + " 1", millis + TIMEOUT);
            return result(r, Long.parseLong(r.get("publishes")) * subscribers);
        });
    }

    private static ServerPair.LoadResult result(Map<String, String> r, long operations) {
        double wall = Long.parseLong(r.get("wall"));
        return new ServerPair.LoadResult(operations, 0, Long.parseLong(r.get("nanos")) / 1e9,
                Long.parseLong(r.get("busiest")) / wall, Long.parseLong(r.get("cpu")));
    }

    private void fanOut(ServerPair servers, int sockets) throws Exception {
        if (!enoughFiles(servers.container + " fan-out to " + sockets, sockets)) {
            return;
        }
        String gap = options.smoke() ? "5" : "20";
        String command = " " + Payloads.WS_SUBSCRIBE + " " + Payloads.WS_PUBLISH + " " + sockets + " "
                + options.publishWarmups() + " " + options.publishes() + " " + gap + " 2";
        Map<String, String> baseline = load.run("fanout " + servers.baseline.port() + command, TIMEOUT);
        Map<String, String> balda = load.run("fanout " + servers.balda.port() + command, TIMEOUT);
        double[] baselineMillis = latencies(baseline.get("latencies"));
        double[] baldaMillis = latencies(balda.get("latencies"));
        double busy = Math.max(Long.parseLong(baseline.get("busiest")) / Double.parseDouble(baseline.get("wall")),
                Long.parseLong(balda.get("busiest")) / Double.parseDouble(balda.get("wall")));
        report.add(new Report.FanOutRow(servers.container, sockets, baselineMillis, baldaMillis, busy));
        progress.say(String.format("%s fan-out %,d: p95 baseline %.1f ms, balda %.1f ms (connecting took %s / %s ms)",
                servers.container, sockets, Measured.percentile(baselineMillis, 95),
                Measured.percentile(baldaMillis, 95), baseline.get("connectMillis"), balda.get("connectMillis")));
    }

    private static double[] latencies(String csv) {
        String[] parts = csv.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return values;
    }

    private void idleMemory(ServerPair servers) throws Exception {
        int sockets = options.idleSockets();
        if (!enoughFiles(servers.container + " idle memory", sockets)) {
            return;
        }
        if (!options.smoke()) {
            // A first round that is not counted: classes, pools and caches of the socket path get loaded.
            int warm = Math.min(sockets, 200);
            idleBytes(servers.baseline, warm);
            idleBytes(servers.balda, warm);
        }
        double[] baseline = new double[options.rounds()];
        double[] balda = new double[options.rounds()];
        for (int round = 0; round < options.rounds(); round++) {
            baseline[round] = idleBytes(servers.baseline, sockets);
            balda[round] = idleBytes(servers.balda, sockets);
            progress.say(String.format("%s idle memory round %d: raw %,.0f B, balda %,.0f B per socket",
                    servers.container, round + 1, baseline[round], balda[round]));
        }
        java.util.Arrays.sort(baseline);
        java.util.Arrays.sort(balda);
        report.add(new Report.MemoryRow(servers.container, sockets, medianOf(baseline), medianOf(balda)));
    }

    private static double medianOf(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Heap per socket: in use after GC with the sockets open, less before, over their number. */
    private double idleBytes(ServerProcess server, int sockets) throws Exception {
        long before = server.heapAfterGc();
        load.run("idle-open " + server.port() + " " + Payloads.WS_IDLE + " " + sockets, TIMEOUT);
        try {
            // The server's open callbacks may trail the 101 answers the client has seen.
            Thread.sleep(options.smoke() ? 100 : 500);
            long after = server.heapAfterGc();
            return (after - before) / (double) sockets;
        } finally {
            load.run("idle-close", TIMEOUT);
        }
    }

    private boolean enoughFiles(String what, int sockets) throws Exception {
        long limit = load.fileLimit();
        if (limit < sockets + 200L) {
            String note = what + " skipped: the load process may open " + limit + " files, it needs " + (sockets + 200)
                    + "; raise the limit (ulimit -n " + (sockets + 1000) + ") before running";
            report.note(note);
            progress.say(note);
            return false;
        }
        return true;
    }
}
