package dev.balda.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** The built-in generator of the load process: NIO keep-alive connections, closed loop. */
final class JavaHttpGenerator implements HttpGenerator {
    private final LoadProcess load;
    private final int connections;
    private final int threads;

    JavaHttpGenerator(LoadProcess load, int connections, int threads) {
        this.load = load;
        this.connections = connections;
        this.threads = threads;
    }

    @Override
    public String describe() {
        return "built-in Java NIO generator (" + threads + " thread" + (threads == 1 ? "" : "s") + ", "
                + connections + " connections)";
    }

    @Override
    public Run run(HttpScenario scenario, int port, long millis) throws IOException, InterruptedException {
        String command = "http " + port + " " + connections + " " + threads + " " + millis + " "
                + scenario.method() + " " + scenario.target();
        if (scenario.body() != null) {
            command += " " + Base64.getEncoder().encodeToString(scenario.body().getBytes(StandardCharsets.UTF_8))
                    + " " + scenario.contentType().replace(' ', '+');
        }
        Map<String, String> r = load.run(command, millis + 30_000);
        double seconds = Long.parseLong(r.get("nanos")) / 1e9;
        double busiest = Long.parseLong(r.get("busiest")) / (double) Long.parseLong(r.get("wall"));
        return new Run(Long.parseLong(r.get("requests")), Long.parseLong(r.get("errors")), seconds, busiest,
                Long.parseLong(r.get("cpu")));
    }
}
