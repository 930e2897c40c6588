package dev.balda.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a run covers and how long it measures; immutable, from the command line. {@code --smoke}
 * changes the defaults to a run of seconds with scaled-down WebSocket counts; explicit options
 * still win.
 */
public final class BenchmarkOptions {
    /** The WebSocket scenarios, after the HTTP ones in {@link HttpScenarios}. */
    public static final List<String> WS_SCENARIOS = List.of("ws-echo", "ws-echo-async", "ws-idle-memory", "ws-fanout", "ws-publish");

    private final boolean smoke;
    private final List<String> containers;
    private final Set<String> scenarios;
    private final long roundMillis;
    private final long warmupMillis;
    private final int rounds;
    private final int maxWarmups;
    private final int connections;
    private final String generator;
    private final int generatorThreads;
    private final int serverThreads;
    private final String serverHeap;
    private final List<Integer> fanOutSizes;
    private final int publishes;
    private final int publishWarmups;
    private final int publishSubscribers;
    private final int idleSockets;
    private final int echoConnections;
    private final int echoWindow;
    private final Path output;

    private BenchmarkOptions(Builder b) {
        smoke = b.smoke;
        containers = List.copyOf(b.containers);
        scenarios = Set.copyOf(b.scenarios);
        roundMillis = b.roundMillis;
        warmupMillis = b.warmupMillis;
        rounds = b.rounds;
        maxWarmups = b.maxWarmups;
        connections = b.connections;
        generator = b.generator;
        generatorThreads = b.generatorThreads;
        serverThreads = b.serverThreads;
        serverHeap = b.serverHeap;
        fanOutSizes = List.copyOf(b.fanOutSizes);
        publishes = b.publishes;
        publishWarmups = b.publishWarmups;
        publishSubscribers = b.publishSubscribers;
        idleSockets = b.idleSockets;
        echoConnections = b.echoConnections;
        echoWindow = b.echoWindow;
        output = b.output;
    }

    public static final String USAGE = String.join("\n",
            "Options (defaults of the full run; --smoke gives a run of seconds):",
            "  --smoke                    a few seconds, scaled-down WebSocket counts, built-in generator",
            "  --containers jetty,tomcat  which containers",
            "  --scenarios a,b,...        any of: " + String.join(", ", allScenarioIds()),
            "  --duration S               seconds per measured round (5)",
            "  --warmup S                 seconds per warm-up interval (2)",
            "  --rounds N                 measured rounds per variant, at least 2 (5)",
            "  --max-warmups N            warm-up intervals at most, until throughput stops rising (5)",
            "  --generator auto|wrk|java  HTTP load generator; auto: wrk when installed (auto)",
            "  --connections N            HTTP connections (32)",
            "  --generator-threads N      generator threads (1)",
            "  --server-threads N         container thread pool, both variants (200)",
            "  --server-heap SIZE         -Xms and -Xmx of both servers (1g)",
            "  --fanout-sizes A,B         subscribers of the fan-out runs (1000,10000)",
            "  --publishes N              measured publishes per fan-out run, at least 50 (100)",
            "  --publish-subscribers N    subscribers of the sustained-publish run (1000)",
            "  --idle-sockets N           sockets of the idle-memory run (2000)",
            "  --output DIR               where the report and the logs go (target/benchmarks)");

    static List<String> allScenarioIds() {
        List<String> ids = new ArrayList<>();
        HttpScenarios.all().forEach(s -> ids.add(s.id()));
        ids.addAll(WS_SCENARIOS);
        return ids;
    }

    public static BenchmarkOptions parse(String... args) {
        Builder b = new Builder();
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                b.smokeDefaults();
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isBlank() || arg.equals("--smoke")) {
                continue;
            }
            if (arg.equals("--help") || arg.equals("-h")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("Option " + arg + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (arg) {
                case "--containers" -> b.containers = list(value, List.of("jetty", "tomcat"), arg);
                case "--scenarios" -> b.scenarios = new LinkedHashSet<>(list(value, allScenarioIds(), arg));
                case "--duration" -> b.roundMillis = millis(value, arg);
                case "--warmup" -> b.warmupMillis = millis(value, arg);
                case "--rounds" -> b.rounds = atLeast(value, 2, arg);
                case "--max-warmups" -> b.maxWarmups = atLeast(value, 1, arg);
                case "--generator" -> b.generator = oneOf(value, List.of("auto", "wrk", "java"), arg);
                case "--connections" -> b.connections = atLeast(value, 1, arg);
                case "--generator-threads" -> b.generatorThreads = atLeast(value, 1, arg);
                case "--server-threads" -> b.serverThreads = atLeast(value, 2, arg);
                case "--server-heap" -> b.serverHeap = heap(value, arg);
                case "--fanout-sizes" -> {
                    b.fanOutSizes = new ArrayList<>();
                    for (String size : value.split(",")) {
                        b.fanOutSizes.add(atLeast(size.trim(), 1, arg));
                    }
                }
                case "--publishes" -> b.publishes = atLeast(value, 1, arg);
                case "--publish-subscribers" -> b.publishSubscribers = atLeast(value, 1, arg);
                case "--idle-sockets" -> b.idleSockets = atLeast(value, 1, arg);
                case "--output" -> b.output = Path.of(value);
                default -> throw new IllegalArgumentException("Unknown option " + arg + "\n" + USAGE);
            }
        }
        return new BenchmarkOptions(b);
    }

    private static List<String> list(String value, List<String> allowed, String option) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            items.add(oneOf(item.trim(), allowed, option));
        }
        return items;
    }

    private static String oneOf(String value, List<String> allowed, String option) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(option + " takes " + String.join(", ", allowed) + ", not '" + value + "'");
        }
        return value;
    }

    private static long millis(String value, String option) {
        try {
            double seconds = Double.parseDouble(value);
            if (seconds > 0 && seconds <= 600) {
                return Math.round(seconds * 1000);
            }
        } catch (NumberFormatException e) {
            // Falls through to the message.
        }
        throw new IllegalArgumentException(option + " takes seconds between 0 and 600, like 5 or 0.5, not '" + value + "'");
    }

    private static int atLeast(String value, int min, String option) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Falls through to the message.
        }
        throw new IllegalArgumentException(option + " takes a whole number of at least " + min + ", not '" + value + "'");
    }

    private static String heap(String value, String option) {
        if (!value.matches("\\d+[mMgG]")) {
            throw new IllegalArgumentException(option + " takes a size such as 512m or 1g, not '" + value + "'");
        }
        return value;
    }

    public boolean smoke() {
        return smoke;
    }

    public List<String> containers() {
        return containers;
    }

    public boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    public long roundMillis() {
        return roundMillis;
    }

    public long warmupMillis() {
        return warmupMillis;
    }

    public int rounds() {
        return rounds;
    }

    public int maxWarmups() {
        return maxWarmups;
    }

    /** Warm-up intervals at least, before "stopped rising" is judged. */
    public int minWarmups() {
        return smoke ? 1 : 2;
    }

    public int connections() {
        return connections;
    }

    public String generator() {
        return generator;
    }

    public int generatorThreads() {
        return generatorThreads;
    }

    public int serverThreads() {
        return serverThreads;
    }

    public String serverHeap() {
        return serverHeap;
    }

    public List<Integer> fanOutSizes() {
        return fanOutSizes;
    }

    public int publishes() {
        return publishes;
    }

    public int publishWarmups() {
        return publishWarmups;
    }

    public int publishSubscribers() {
        return publishSubscribers;
    }

    public int idleSockets() {
        return idleSockets;
    }

    public int echoConnections() {
        return echoConnections;
    }

    public int echoWindow() {
        return echoWindow;
    }

    public Path output() {
        return output;
    }

    /** An upper bound on any child process's life: it exits by itself after that. */
    public long maxProcessSeconds() {
        return smoke ? 600 : 3 * 3600;
    }

    private static final class Builder {
        private boolean smoke;
        private List<String> containers = List.of("jetty", "tomcat");
        private Set<String> scenarios = new LinkedHashSet<>(allScenarioIds());
        private long roundMillis = 5_000;
        private long warmupMillis = 2_000;
        private int rounds = 5;
        private int maxWarmups = 5;
        private int connections = 32;
        private String generator = "auto";
        private int generatorThreads = 1;
        private int serverThreads = 200;
        private String serverHeap = "1g";
        private List<Integer> fanOutSizes = List.of(1_000, 10_000);
        private int publishes = 100;
        private int publishWarmups = 20;
        private int publishSubscribers = 1_000;
        private int idleSockets = 2_000;
        private int echoConnections = 50;
        private int echoWindow = 8;
        private Path output = Path.of(System.getProperty("bench.output", "target/benchmarks"));

        private void smokeDefaults() {
            smoke = true;
            roundMillis = 150;
            warmupMillis = 150;
            rounds = 2;
            maxWarmups = 1;
            connections = 8;
            generator = "java";
            serverHeap = "256m";
            fanOutSizes = List.of(50);
            publishes = 5;
            publishWarmups = 2;
            publishSubscribers = 20;
            idleSockets = 50;
            echoConnections = 10;
        }
    }
}
