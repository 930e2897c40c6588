package dev.balda.benchmarks.load;

import dev.balda.benchmarks.ProcessWatchdog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The load process: the built-in HTTP generator and the WebSocket client, in a JVM of their own
 * so their CPU is never counted as the server's. The harness sends one command per line and reads
 * one answer line ({@code RESULT key=value ...} or {@code ERROR message}); every answer carries
 * {@code busiest=<ns>}, the CPU time of the busiest load thread during the command, {@code cpu=<ns>},
 * that of all load threads, and {@code wall=<ns>}, from which the harness tells whether the generator was saturated.
 *
 * <p>Commands ({@code port} on 127.0.0.1):
 * <ul>
 *   <li>{@code http <port> <connections> <threads> <millis> <method> <target> [<base64 body> <content type>]}</li>
 *   <li>{@code echo <port> <path> <connections> <window> <millis>}</li>
 *   <li>{@code fanout <port> <subscribe path> <publish path> <sockets> <warmups> <publishes> <gap millis> <threads>}</li>
 *   <li>{@code throughput <port> <subscribe path> <publish path> <sockets> <window> <millis> <threads>}</li>
 *   <li>{@code idle-open <port> <path> <sockets>}, then {@code idle-close}</li>
 *   <li>{@code wscheck <port> <path>}: the 101 answer and one echo, base64</li>
 *   <li>{@code limits}: the open-file limit of this process; {@code quit}</li>
 * </ul>
 * The process exits at the end of its input (the harness died) and after {@code maxSeconds}.
 */
public final class LoadAgentMain {
    private static final com.sun.management.UnixOperatingSystemMXBean OS =
            (com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private WsGroup idle;
    private List<NioLoop> idleLoops;

    private LoadAgentMain() {
    }

    public static void main(String[] args) throws Exception {
        long maxSeconds = args.length > 0 ? Long.parseLong(args[0]) : 3600;
        ProcessWatchdog.start("The load process", maxSeconds);
        System.out.println("READY");
        System.out.flush();
        LoadAgentMain agent = new LoadAgentMain();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split(" ");
            if (words[0].equals("quit")) {
                break;
            }
            String answer;
            try {
                answer = agent.run(words);
            } catch (Exception | OutOfMemoryError e) {
                e.printStackTrace();
                answer = "ERROR " + String.valueOf(e).replace('\n', ' ');
            }
            System.out.println(answer);
            System.out.flush();
        }
        agent.closeIdle();
        System.exit(0);
    }

    private String run(String[] w) throws Exception {
        switch (w[0]) {
            case "limits":
                return "LIMITS files=" + OS.getMaxFileDescriptorCount();
            case "idle-close":
                closeIdle();
                return "RESULT closed=1";
            default:
                break;
        }
        int port = Integer.parseInt(w[1]);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        int threads = switch (w[0]) {
            case "http" -> Integer.parseInt(w[3]);
            case "fanout" -> Integer.parseInt(w[8]);
            case "throughput" -> Integer.parseInt(w[7]);
            default -> 1;
        };
        List<NioLoop> loops = HttpLoad.loops(threads, "load-" + w[0]);
        boolean keepLoops = false;
        long[] cpuBefore = cpu(loops);
        long start = System.nanoTime();
        try {
            String result = switch (w[0]) {
                case "http" -> {
                    byte[] body = w.length > 7 ? Base64.getDecoder().decode(w[7]) : null;
                    String type = w.length > 8 ? w[8].replace('+', ' ') : null;
                    byte[] request = RawRequest.of(w[5], w[6], "127.0.0.1:" + port, body, type, false);
                    HttpLoad.Result r = new HttpLoad(loops, address, request)
                            .run(Integer.parseInt(w[2]), Long.parseLong(w[4]));
                    yield "requests=" + r.requests() + " errors=" + r.errors() + " nanos=" + r.nanos();
                }
                case "echo" -> {
                    WsBench.Echo r = new WsBench(loops, address)
                            .echo(w[2], Integer.parseInt(w[3]), Integer.parseInt(w[4]), Long.parseLong(w[5]));
                    yield "messages=" + r.messages() + " nanos=" + r.nanos();
                }
                case "fanout" -> {
                    WsBench.FanOut r = new WsBench(loops, address).fanOut(w[2], w[3], Integer.parseInt(w[4]),
                            Integer.parseInt(w[5]), Integer.parseInt(w[6]), Long.parseLong(w[7]));
                    StringBuilder millis = new StringBuilder();
                    for (double v : r.latenciesMillis()) {
                        millis.append(millis.length() == 0 ? "" : ",").append(String.format("%.3f", v));
                    }
                    yield "connectMillis=" + r.connectMillis() + " latencies=" + millis;
                }
                case "throughput" -> {
                    WsBench.Throughput r = new WsBench(loops, address).publishThroughput(w[2], w[3],
                            Integer.parseInt(w[4]), Integer.parseInt(w[5]), Long.parseLong(w[6]));
                    yield "publishes=" + r.publishes() + " nanos=" + r.nanos();
                }
                case "idle-open" -> {
                    closeIdle();
                    idle = new WsBench(loops, address).openIdle(w[2], Integer.parseInt(w[3]));
                    idleLoops = loops;
                    keepLoops = true;
                    yield "opened=" + w[3];
                }
                case "wscheck" -> {
                    WsBench.Check r = new WsBench(loops, address).check(w[2]);
                    Base64.Encoder b64 = Base64.getEncoder();
                    yield "handshake=" + b64.encodeToString(r.handshake().getBytes(StandardCharsets.ISO_8859_1))
                            + " echo=" + b64.encodeToString(r.echo().getBytes(StandardCharsets.UTF_8));
                }
                default -> throw new IllegalArgumentException("Unknown command " + Arrays.toString(w));
            };
            long wall = System.nanoTime() - start;
            long[] cpuAfter = cpu(loops);
            long busiest = 0;
            long total = 0;
            for (int i = 0; i < loops.size(); i++) {
                busiest = Math.max(busiest, cpuAfter[i] - cpuBefore[i]);
                total += cpuAfter[i] - cpuBefore[i];
            }
            return "RESULT " + result + " busiest=" + busiest + " cpu=" + total + " wall=" + wall;
        } finally {
            if (!keepLoops) {
                loops.forEach(NioLoop::close);
            }
        }
    }

    private static long[] cpu(List<NioLoop> loops) {
        long[] cpu = new long[loops.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = loops.get(i).cpuNanos();
        }
        return cpu;
    }

    private void closeIdle() throws InterruptedException {
        if (idle != null) {
            idle.close(10_000);
            idle = null;
            idleLoops.forEach(NioLoop::close);
            idleLoops = null;
        }
    }
}
