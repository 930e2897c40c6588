package dev.balda.benchmarks.server;

import dev.balda.benchmarks.ProcessWatchdog;
import dev.balda.benchmarks.ThreadDump;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;

/**
 * The server process: one container, one variant, started on a free loopback port. It answers
 * the harness on its standard input and output, one line each:
 *
 * <ul>
 *   <li>on start: {@code READY <port> <container version>}</li>
 *   <li>{@code cpu}: {@code CPU <nanoseconds>}, this process's CPU time so far (all threads)</li>
 *   <li>{@code heap}: {@code HEAP <bytes>}, heap in use after full collections</li>
 *   <li>{@code threads}: writes a dump of all threads to the process's log (its standard
 *       error) and answers {@code THREADS <count>}; the harness asks for it when a scenario fails</li>
 *   <li>{@code quit}, or the end of its input (the harness died): stops the container and exits</li>
 * </ul>
 *
 * <p>It exits by itself after {@code maxSeconds}, whatever happens to the harness.
 *
 * <p>Arguments: {@code <jetty|tomcat> <baseline|balda> <threads> <maxSeconds>}.
 */
public final class ServerMain {
    private ServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: ServerMain <jetty|tomcat> <baseline|balda> <threads> <maxSeconds>");
            System.exit(2);
        }
        long maxSeconds = Long.parseLong(args[3]);
        ProcessWatchdog.start("The server", maxSeconds);

        EmbeddedContainer container = EmbeddedContainer.of(args[0], ServerApp.of(args[1]), Integer.parseInt(args[2]));
        container.start();
        System.out.println("READY " + container.port() + " " + container.version());
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.trim()) {
                case "cpu" -> System.out.println("CPU " + os.getProcessCpuTime());
                case "heap" -> System.out.println("HEAP " + heapAfterGc(memory));
                case "threads" -> {
                    System.err.println("Thread dump asked for by the harness:\n" + ThreadDump.of());
                    System.err.flush();
                    System.out.println("THREADS " + Thread.activeCount());
                }
                case "quit" -> {
                    stop(container);
                    System.out.println("BYE");
                    System.out.flush();
                    System.exit(0);
                }
                default -> System.out.println("ERROR unknown command '" + line + "'");
            }
            System.out.flush();
        }
        stop(container);
        System.exit(0);
    }

    /** Full collections until the figure settles, so what is left is what is reachable. */
    private static long heapAfterGc(MemoryMXBean memory) throws InterruptedException {
        long previous = Long.MAX_VALUE;
        long used = 0;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(previous - used) < 16 * 1024) {
                break;
            }
            previous = used;
        }
        return used;
    }

    private static void stop(EmbeddedContainer container) {
        try {
            container.stop();
        } catch (Exception e) {
            System.err.println("Stopping the container failed: " + e);
        }
    }
}
