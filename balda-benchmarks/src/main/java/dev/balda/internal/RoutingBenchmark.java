package dev.balda.internal;

import dev.balda.benchmarks.server.Payloads;
import dev.balda.internal.routing.PathPattern;
import dev.balda.internal.routing.RouteMatch;
import dev.balda.internal.routing.Router;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Route matching as the pipeline does it: the raw path split into decoded segments, then the
 * segment tree walked. One table holds the benchmark application's routes, a pair that forces
 * backtracking ({@code /users/me} against {@code /users/:id/posts}) and the 200-route table of the
 * {@code routes200} scenario. In this package (beside the engine, on the class path only) because
 * the path splitter is internal.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoutingBenchmark {

    /** {@code static}: a literal path; {@code params}: two params; {@code backtracking}; {@code routes200}: the last of 200. */
    @Param({"static", "params", "backtracking", "routes200"})
    public String path;

    private Router<String> router;
    private String rawPath;

    @Setup
    public void setUp() {
        router = new Router<>();
        router.add("GET", PathPattern.parse("/hello"), "hello");
        router.add("GET", PathPattern.parse("/json"), "json");
        router.add("POST", PathPattern.parse("/json"), "post-json");
        router.add("GET", PathPattern.parse("/search"), "search");
        router.add("GET", PathPattern.parse("/users/:userId/posts/:postId"), "params");
        router.add("GET", PathPattern.parse("/users/me"), "me");
        router.add("GET", PathPattern.parse("/users/:id/posts"), "posts");
        for (int i = 0; i < Payloads.TABLE_ROUTES; i++) {
            router.add("GET", PathPattern.parse(Payloads.tableRoute(i)), "r" + i);
        }
        rawPath = switch (path) {
            case "static" -> "/hello";
            case "params" -> "/users/42/posts/7";
            case "backtracking" -> "/users/me/posts";
            case "routes200" -> "/api/r" + (Payloads.TABLE_ROUTES - 1) + "/42/items/7";
            default -> throw new IllegalArgumentException("Unknown path case " + path);
        };
        if (!router.match("GET", UriDecoder.segments(rawPath)).found()) {
            throw new IllegalStateException(rawPath + " matches no route");
        }
    }

    @Benchmark
    public RouteMatch<String> match() {
        return router.match("GET", UriDecoder.segments(rawPath));
    }
}
