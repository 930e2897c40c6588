package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.http.Request;
import dev.balda.internal.CurrentRequest;
import dev.balda.plugin.context.RequestContext;
import dev.balda.plugin.context.RequestContextPlugin;
import dev.balda.plugin.methodoverride.MethodOverridePlugin;
import dev.balda.plugin.timeout.TimeoutPlugin;
import dev.balda.plugin.trustproxy.TrustProxyPlugin;
import dev.balda.testkit.container.EmbeddedServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Trust proxy, method override, request context and timeout over real HTTP. A servlet filter in
 * front of Balda checks, on every pooled container thread, that no request's context is current
 * when a request starts or after Balda returned the thread.
 */
abstract class RequestPluginsSuite extends PluginHttp {
    static final AtomicInteger LEAKS = new AtomicInteger();
    static final AtomicInteger CHECKED = new AtomicInteger();

    static void setUp(EmbeddedServer.Builder server) {
        Filter leakCheck = (request, response, chain) -> {
            CHECKED.incrementAndGet();
            if (CurrentRequest.get() != null || RequestContext.find().isPresent()) {
                LEAKS.incrementAndGet();
            }
            chain.doFilter(request, response);
            if (CurrentRequest.get() != null) {
                LEAKS.incrementAndGet();
            }
        };
        server.initializer(context -> context.addFilter("leak-check", leakCheck)
                .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*"));
        server.application(newApp());
    }

    static Balda newApp() {
        Balda app = Balda.create();
        app.use(MethodOverridePlugin.builder().formField("_method").build(),
                RequestContextPlugin.builder().value("agent", req -> req.header("X-Agent")).build());
        TrustProxyPlugin local = TrustProxyPlugin.builder().trusted("127.0.0.1", "::1").build();
        app.get("/whoami", RouteOptions.of(local), RequestPluginsSuite::whoami);
        app.get("/whoami/untrusted", RouteOptions.of(TrustProxyPlugin.builder().trusted("10.0.0.0/8").build()),
                RequestPluginsSuite::whoami);
        app.get("/whoami/two-hops", RouteOptions.of(TrustProxyPlugin.builder().trusted("127.0.0.0/8", "10.0.0.0/8")
                .hops(2).build()), RequestPluginsSuite::whoami);

        app.post("/items/:id", (req, res) -> Map.of("route", "POST", "id", req.param("id")));
        app.put("/items/:id", (req, res) -> Map.of("route", "PUT", "original", req.originalMethod()));
        app.delete("/items/:id", (req, res) -> Map.of("route", "DELETE", "original", req.originalMethod()));
        app.post("/only-post", (req, res) -> "post");

        app.get("/context", (req, res) -> Repository.describe());
        app.post("/context", (req, res) -> {
            Map<String, Object> answer = new LinkedHashMap<>(Repository.describe());
            answer.put("body", req.bodyText().length());
            return answer;
        });

        TimeoutPlugin respond = TimeoutPlugin.builder().timeout(Duration.ofMillis(300)).respond(true).build();
        TimeoutPlugin mark = TimeoutPlugin.builder().timeout(Duration.ofMillis(200)).build();
        app.get("/slow", RouteOptions.of(respond), (req, res) -> {
            holdPastTheDeadline();
            return res.text("late");
        });
        app.post("/slow", RouteOptions.of(respond), (req, res) -> {
            holdPastTheDeadline();
            return res.text("late " + req.bodyText());
        });
        app.get("/fast", RouteOptions.of(respond), (req, res) -> "fast");
        app.get("/marked", RouteOptions.of(mark), (req, res) -> {
            // The mark has no notification (handlers check it now and then): polled, within a bound,
            // so a loaded machine's late timer cannot fail the test, and a missing one cannot hang it.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!TimeoutPlugin.timedOut(req) && System.nanoTime() - until < 0) {
                TimeUnit.MILLISECONDS.sleep(5);
            }
            return Map.of("timedOut", TimeoutPlugin.timedOut(req));
        });
        return app;
    }

    /** Released by the test once it has its answer: the handler is still running when the 503 arrives. */
    static final AtomicReference<CountDownLatch> RELEASE =
            new AtomicReference<>(new CountDownLatch(0));

    /**
     * Keeps the handler busy until the test has seen the answer (10 s at most), so past the
     * deadline: the answer can only be the timeout's.
     */
    static void holdPastTheDeadline() throws InterruptedException {
        // Taken now, before the answer exists: the test swaps in the next request's latch once it has it.
        CountDownLatch release = RELEASE.get();
        release.await(10, TimeUnit.SECONDS);
    }

    /** Code far from the handler, reaching the request's values through the static accessor. */
    static final class Repository {
        static Map<String, Object> describe() {
            RequestContext context = RequestContext.current();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("agent", String.valueOf((Object) context.get("agent")));
            answer.put("id", context.requestId());
            answer.put("thread", Thread.currentThread().getName());
            return answer;
        }
    }

    private static Object whoami(Request req, dev.balda.http.Response res) {
        return Map.of("ip", req.ip(), "scheme", req.scheme(), "host", req.host(), "url", req.url());
    }

    // ------------------------------------------------------------------ trust proxy

    @Test
    void aTrustedPeersForwardedHeadersSetTheClientsAddressSchemeAndHost() throws Exception {
        JsonNode r = json(get("/whoami", "X-Forwarded-For", "198.51.100.1, 203.0.113.7",
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "shop.example.com"));
        assertThat(r.get("ip").asText()).isEqualTo("203.0.113.7");
        assertThat(r.get("scheme").asText()).isEqualTo("https");
        assertThat(r.get("host").asText()).isEqualTo("shop.example.com");
        assertThat(r.get("url").asText()).isEqualTo("https://shop.example.com/whoami");
    }

    @Test
    void theStandardForwardedHeaderWithIpv6Works() throws Exception {
        JsonNode r = json(get("/whoami", "Forwarded", "for=192.0.2.43, for=\"[2001:db8:cafe::17]:4711\";proto=https;host=a.example"));
        assertThat(r.get("ip").asText()).isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(r.get("scheme").asText()).isEqualTo("https");
        assertThat(r.get("host").asText()).isEqualTo("a.example");
        JsonNode mapped = json(get("/whoami", "X-Forwarded-For", "::ffff:198.51.100.9"));
        assertThat(mapped.get("ip").asText()).isEqualTo("198.51.100.9");
    }

    @Test
    void hopsStepBackOverTrustedProxiesOnly() throws Exception {
        assertThat(json(get("/whoami/two-hops", "X-Forwarded-For", "203.0.113.9, 10.1.2.3")).get("ip").asText())
                .isEqualTo("203.0.113.9");
        assertThat(json(get("/whoami/two-hops", "X-Forwarded-For", "203.0.113.9, 198.51.100.4")).get("ip").asText())
                .as("an untrusted entry is the client; nothing left of it is believed").isEqualTo("198.51.100.4");
    }

    @Test
    void anUntrustedPeersHeadersAreIgnored() throws Exception {
        JsonNode r = json(get("/whoami/untrusted", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https"));
        assertThat(r.get("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(r.get("scheme").asText()).isEqualTo("http");
        JsonNode garbage = json(get("/whoami", "X-Forwarded-For", "not-an-ip", "X-Forwarded-Host", "evil\\host"));
        assertThat(garbage.get("ip").asText()).isEqualTo("127.0.0.1");
    }

    // ------------------------------------------------------------------ method override

    @Test
    void theOverridingMethodsRouteAnswersBeforeRouting() throws Exception {
        JsonNode r = json(post("/items/1", null, "", "X-HTTP-Method-Override", "delete"));
        assertThat(r.get("route").asText()).isEqualTo("DELETE");
        assertThat(r.get("original").asText()).isEqualTo("POST");
        JsonNode form = json(post("/items/1", "application/x-www-form-urlencoded", "name=x&_method=PUT"));
        assertThat(form.get("route").asText()).isEqualTo("PUT");
        assertThat(json(post("/items/1", "application/x-www-form-urlencoded", "name=x")).get("route").asText())
                .isEqualTo("POST");
        assertThat(json(get("/whoami", "X-HTTP-Method-Override", "DELETE")).has("ip")).as("only POST is overridden")
                .isTrue();
    }

    @Test
    void anOverrideToAMethodNotAllowedIs400AndToOneWithoutARoute405() throws Exception {
        assertError(post("/items/1", null, "", "X-HTTP-Method-Override", "GET"), 400, "BAD_REQUEST");
        HttpResponse<String> r = post("/only-post", null, "", "X-HTTP-Method-Override", "DELETE");
        assertError(r, 405, "METHOD_NOT_ALLOWED");
        assertThat(r.headers().firstValue("Allow")).hasValue("OPTIONS, POST");
    }

    @Test
    void aCrossSiteOverrideIs403() throws Exception {
        assertError(post("/items/1", null, "", "X-HTTP-Method-Override", "DELETE", "Origin", "https://evil.example"),
                403, "CROSS_SITE_METHOD_OVERRIDE");
        assertError(post("/items/1", "application/x-www-form-urlencoded", "_method=DELETE",
                "Referer", "https://evil.example/form.html"), 403, "CROSS_SITE_METHOD_OVERRIDE");
        String self = "http://" + server().baseUri().getAuthority();
        assertThat(json(post("/items/1", null, "", "X-HTTP-Method-Override", "DELETE", "Origin", self)).get("route")
                .asText()).isEqualTo("DELETE");
    }

    // ------------------------------------------------------------------ request context

    @Test
    void theRequestsValuesAreReachableFromAnywhereOnItsPathAndNeverLeak() throws Exception {
        int before = CHECKED.get();
        for (int i = 0; i < 40; i++) {
            JsonNode r = i % 2 == 0 ? json(get("/context", "X-Agent", "agent-" + i))
                    : json(post("/context", "text/plain", "x".repeat(i * 100), "X-Agent", "agent-" + i));
            assertThat(r.get("agent").asText()).isEqualTo("agent-" + i);
            assertThat(r.get("id").asText()).isNotBlank();
        }
        JsonNode none = json(get("/context"));
        assertThat(none.get("agent").asText()).isEqualTo("null");
        assertThat(CHECKED.get() - before).isGreaterThanOrEqualTo(41);
        assertThat(LEAKS.get()).as("requests that found another request's context on their thread").isZero();
    }

    // ------------------------------------------------------------------ timeout

    @Test
    void inRespondModeTheClientGets503AtTheDeadlineAndTheLateOutputIsDiscarded() throws Exception {
        for (boolean withBody : new boolean[] {false, true}) {
            CountDownLatch release = new CountDownLatch(1);
            RELEASE.set(release);
            try {
                // The handler does not return before this answer is here: it came at the deadline.
                HttpResponse<String> r = withBody ? post("/slow", "text/plain", "body") : get("/slow");
                assertError(r, 503, "REQUEST_TIMEOUT");
                assertThat(r.headers().firstValue("Connection")).as("the connection is not reused").hasValue("close");
                assertThat(release.getCount()).isOne();
            } finally {
                release.countDown();
            }
        }
        assertThat(get("/fast").body()).isEqualTo("fast");
    }

    @Test
    void withoutRespondTheRequestIsOnlyMarked() throws Exception {
        HttpResponse<String> r = get("/marked");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("timedOut").asBoolean()).isTrue();
    }
}
