package dev.balda.benchmarks;

import dev.balda.benchmarks.server.Payloads;
import java.util.List;

/**
 * The HTTP scenarios of performance.md, Balda.js's own benchmark set. Each needs a route in
 * {@code server.BaldaServerApp}, a servlet in {@code server.BaselineServerApp}, and a line here.
 *
 * <p>Still to come: the static 1 KiB file, once the static plugin exists. Add a file under a
 * directory both servers serve (the baseline with a hand-written servlet streaming it, Balda with
 * the plugin), then {@code new HttpScenario("static", "GET /static/1k.bin", "GET",
 * "/static/1k.bin", null, null, "application/octet-stream", <the 1 KiB>)}; the harness, the check
 * and the table need nothing else. (A binary answer needs {@code answer} as bytes: change the
 * record's type then.)
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
                        JSON, "{\"resource\":\"r199\",\"id\":\"42\",\"itemId\":\"7\"}"));
    }
}
