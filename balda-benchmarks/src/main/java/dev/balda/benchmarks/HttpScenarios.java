package dev.balda.benchmarks;

import dev.balda.benchmarks.server.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The HTTP scenarios of performance.md, Balda.js's own benchmark set. Each needs a route in
 * {@code server.BaldaServerApp}, a servlet in {@code server.BaselineServerApp}, and a line here.
 *
 * <p>The static files (1 KiB and 1 MiB) are served by Balda's static plugin and, as the baseline,
 * by the container's own default servlet over the same directory: what a Balda application costs
 * compared with letting the container serve its files. The files are printable ASCII, so the
 * expected answer is text.
 */
public final class HttpScenarios {
    private static final String JSON = Payloads.JSON_TYPE;

    private HttpScenarios() {
    }

    public static List<HttpScenario> all() {
        return List.of(
                new HttpScenario("hello", "GET /hello (text)", "GET", "/hello", null, null,
                        Payloads.TEXT_TYPE, Payloads.HELLO),
                new HttpScenario("json", "GET /json", "GET", "/json", null, null,
                        JSON, "{\"message\":\"Hello, World!\"}"),
                new HttpScenario("params", "GET /users/:userId/posts/:postId", "GET", "/users/42/posts/7", null, null,
                        JSON, "{\"userId\":\"42\",\"postId\":\"7\"}"),
                new HttpScenario("search", "GET /search?q&filter&page&limit", "GET",
                        "/search?q=balda&filter=recent&page=2&limit=20", null, null,
                        JSON, "{\"q\":\"balda\",\"filter\":\"recent\",\"page\":\"2\",\"limit\":\"20\"}"),
                new HttpScenario("post-json", "POST /json (80-byte body)", "POST", "/json", Payloads.POST_BODY, JSON,
                        JSON, Payloads.POST_BODY),
                new HttpScenario("middleware", "5 global middleware + GET /hello", "GET",
                        Payloads.MIDDLEWARE_CONTEXT + "/hello", null, null, Payloads.TEXT_TYPE, Payloads.HELLO),
                new HttpScenario("routes200", "200 routes, GET the last", "GET",
                        Payloads.TABLE_CONTEXT + "/api/r199/42/items/7", null, null,
                        JSON, "{\"resource\":\"r199\",\"id\":\"42\",\"itemId\":\"7\"}"),
                staticFile("static-1k", "GET a 1 KiB static file (vs default servlet)", Payloads.STATIC_SMALL,
                        Payloads.STATIC_SMALL_SIZE),
                staticFile("static-1m", "GET a 1 MiB static file (vs default servlet)", Payloads.STATIC_LARGE,
                        Payloads.STATIC_LARGE_SIZE));
    }

    private static HttpScenario staticFile(String id, String title, String name, int size) {
        return new HttpScenario(id, title, "GET", Payloads.STATIC_CONTEXT + "/" + name, null, null,
                "application/octet-stream", new String(Payloads.staticFile(size), StandardCharsets.ISO_8859_1), false);
    }
}
