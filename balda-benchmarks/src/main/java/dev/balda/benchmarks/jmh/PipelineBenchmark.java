package dev.balda.benchmarks.jmh;

import dev.balda.Balda;
import dev.balda.benchmarks.server.BaldaServerApp;
import dev.balda.benchmarks.server.Payloads;
import dev.balda.internal.MemoryExchange;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One request through the whole pipeline (routing, middleware, handler, JSON, the response
 * written) on the in-memory exchange, with the benchmark server's own Balda application, so the
 * figures belong to the same code the harness measures on the containers. {@code exchange} builds
 * the in-memory exchange alone: its allocation is the test fixture's, to subtract from
 * {@code handle}'s to get Balda's.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {

    /** The harness's HTTP scenarios of the main application. */
    @Param({"hello", "json", "params", "search", "post-json"})
    public String scenario;

    private Balda app;
    private String method;
    private String target;
    private byte[] body;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        app = BaldaServerApp.application(Payloads.MAIN_CONTEXT, null).start();
        method = "GET";
        body = null;
        target = switch (scenario) {
            case "hello" -> "/hello";
            case "json" -> "/json";
            case "params" -> "/users/42/posts/7";
            case "search" -> "/search?q=balda&filter=recent&page=2&limit=20";
            case "post-json" -> {
                method = "POST";
                body = Payloads.POST_BODY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                yield "/json";
            }
            default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
        };
        MemoryExchange check = handle();
        if (check.status() != 200 || check.responseBodyBytes().length == 0) {
            throw new IllegalStateException(scenario + " answered " + check.status() + ": " + check.responseBodyText());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        app.stop();
    }

    @Benchmark
    public MemoryExchange handle() throws Exception {
        MemoryExchange exchange = exchange();
        app.handle(exchange);
        return exchange;
    }

    @Benchmark
    public MemoryExchange exchange() {
        MemoryExchange.Builder request = MemoryExchange.request(method, target)
                .header("Host", "127.0.0.1:8080")
                .header("Accept", "*/*");
        if (body != null) {
            request.header("Content-Type", Payloads.JSON_TYPE)
                    .header("Content-Length", Integer.toString(body.length))
                    .body(body);
        }
        return request.build();
    }
}
