package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balda.Balda;
import dev.balda.http.SameSite;
import dev.balda.it.LogCapture;
import dev.balda.plugin.PluginContext;
import dev.balda.plugin.cookie.CookiePlugin;
import dev.balda.plugin.cookie.CookieSigner;
import dev.balda.plugin.session.InMemorySessionStore;
import dev.balda.plugin.session.Session;
import dev.balda.plugin.session.SessionPlugin;
import dev.balda.plugin.session.SessionStore;
import dev.balda.testkit.http.RawHttp;
import dev.balda.testkit.http.RawHttpResponse;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The cookie and session plugins over real HTTP. The session store answers 30 ms later on a
 * thread of its own, as a networked store would, so every session request goes through the
 * engine's suspend-and-resume path on the container.
 */
abstract class CookieSessionSuite extends PluginHttp {
    static final String NEW_SECRET = "n".repeat(16) + "0123456789abcdef";
    static final String OLD_SECRET = "o".repeat(16) + "0123456789abcdef";
    static final AtomicReference<String> FAIL_NEXT = new AtomicReference<>();

    /** An in-memory store that answers later, elsewhere, and fails on request. */
    static final class DelayedStore implements SessionStore {
        private final InMemorySessionStore store = InMemorySessionStore.bounded(1000);
        private final Executor later = CompletableFuture.delayedExecutor(30, TimeUnit.MILLISECONDS);

        private <T> CompletionStage<T> later(String operation, java.util.function.Supplier<CompletionStage<T>> work) {
            return CompletableFuture.supplyAsync(() -> {
                if (FAIL_NEXT.compareAndSet(operation, null)) {
                    throw new IllegalStateException("store down for " + operation);
                }
                return work.get().toCompletableFuture().join();
            }, later);
        }

        @Override
        public CompletionStage<Map<String, Object>> load(String id) {
            return later("load", () -> store.load(id));
        }

        @Override
        public CompletionStage<Void> save(String id, Map<String, Object> data, Duration ttl) {
            return later("save", () -> store.save(id, data, ttl));
        }

        @Override
        public CompletionStage<Void> delete(String id) {
            return later("delete", () -> store.delete(id));
        }

        @Override
        public void start(PluginContext context) {
            store.start(context);
        }
    }

    static void setUp(dev.balda.testkit.container.EmbeddedServer.Builder server) {
        server.application(newApp());
    }

    static Balda newApp() {
        Balda app = Balda.create();
        app.use(SessionPlugin.builder().store(new DelayedStore()).secrets(NEW_SECRET).ttl(Duration.ofHours(2)).build(),
                CookiePlugin.builder().secrets(NEW_SECRET, OLD_SECRET).maxHeaderBytes(4096).maxPairs(50).build());
        app.get("/cookies", (req, res) -> req.cookies());
        app.get("/signed/:name", (req, res) -> {
            String value = req.signedCookie(req.param("name"));
            return Map.of("value", value == null ? "(none)" : value);
        });
        app.post("/set", (req, res) -> res
                .cookie("theme", "dark", c -> c.maxAge(Duration.ofDays(30)).domain("example.com").path("/app")
                        .sameSite(SameSite.STRICT).priority("High"))
                .cookie("visit", "42", c -> c.signed(true))
                .clearCookie("old")
                .noContent());
        app.get("/visits", (req, res) -> {
            Session session = Session.of(req);
            Integer visits = session.get("visits");
            session.set("visits", visits == null ? 1 : visits + 1);
            return Map.of("visits", session.get("visits"), "id", session.id(), "new", session.isNew());
        });
        app.get("/peek", (req, res) -> {
            Session session = Session.of(req);
            return Map.of("visits", session.get("visits") == null ? 0 : session.get("visits"), "new", session.isNew());
        });
        app.post("/login", (req, res) -> {
            Session session = Session.of(req);
            session.regenerate();
            session.set("user", "ada");
            return Map.of("id", session.id());
        });
        app.get("/stream-then-fail", (req, res) -> {
            Session.of(req).set("streamed", true);
            var out = res.stream("text/plain");
            out.write("partial".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("failed after the stream started");
        });
        app.post("/logout", (req, res) -> {
            Session.of(req).destroy();
            return res.noContent();
        });
        return app;
    }

    @AfterEach
    void storeUp() {
        FAIL_NEXT.set(null);
    }

    static String setCookie(HttpResponse<String> r, String name) {
        return r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith(name + "=")).findFirst().orElse(null);
    }

    static String cookieValue(String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    // ------------------------------------------------------------------ cookies

    @Test
    void requestCookiesAreReadableAndMalformedPairsSkipped() throws Exception {
        JsonNode r = json(get("/cookies", "Cookie", "a=1; b=\"two\"; bad; =x; c=x y; a=again; d=4"));
        assertThat(r.toString()).isEqualTo("{\"a\":\"1\",\"b\":\"two\",\"d\":\"4\"}");
    }

    @Test
    void fiftyOneCookiePairsKeepTheFirstFifty() throws Exception {
        StringBuilder header = new StringBuilder();
        for (int i = 1; i <= 51; i++) {
            header.append(i == 1 ? "" : "; ").append("c").append(i).append("=").append(i);
        }
        JsonNode r = json(get("/cookies", "Cookie", header.toString()));
        assertThat(r.size()).isEqualTo(50);
        assertThat(r.has("c50")).isTrue();
        assertThat(r.has("c51")).isFalse();
    }

    @Test
    void aCookieHeaderOverTheLimitIs431AndOneOverTheContainersLimitIsRefusedByIt() throws Exception {
        assertError(get("/cookies", "Cookie", "big=" + "x".repeat(5000)), 431, "REQUEST_HEADER_FIELDS_TOO_LARGE");
        // 9 KiB: over the container's own 8 KiB header limit, refused before Balda runs (Jetty 431, Tomcat 400).
        RawHttpResponse r = RawHttp.send(server().baseUri(), "GET /cookies HTTP/1.1\r\nHost: x\r\nCookie: big="
                + "y".repeat(9 * 1024) + "\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isIn(400, 431);
    }

    @Test
    void responseCookiesCarryTheirOptionsAndSignedOnesVerify() throws Exception {
        HttpResponse<String> r = post("/set", null, "");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(setCookie(r, "theme")).isEqualTo("theme=dark; Domain=example.com; Path=/app; Max-Age=2592000;"
                + " Secure; HttpOnly; SameSite=Strict; Priority=High");
        assertThat(setCookie(r, "old")).startsWith("old=; Path=/; Expires=Thu, 1 Jan 1970 00:00:00 GMT; Max-Age=0;");
        String visit = setCookie(r, "visit");
        assertThat(visit).startsWith("visit=42.").endsWith("; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(json(get("/signed/visit", "Cookie", "visit=" + cookieValue(visit))).get("value").asText())
                .isEqualTo("42");
    }

    @Test
    void aForgedSignatureIsRefusedAndAnOldSecretStillVerifies() throws Exception {
        assertThat(json(get("/signed/visit", "Cookie", "visit=42.forged")).get("value").asText()).isEqualTo("(none)");
        assertThat(json(get("/signed/visit", "Cookie", "visit=42")).get("value").asText()).isEqualTo("(none)");
        String signedWithOld = new CookieSigner(List.of(OLD_SECRET)).sign("visit", "7");
        assertThat(json(get("/signed/visit", "Cookie", "visit=" + signedWithOld)).get("value").asText()).isEqualTo("7");
        // A value signed for another cookie's name does not verify under this one.
        String signedForOther = new CookieSigner(List.of(NEW_SECRET)).sign("other", "7");
        assertThat(json(get("/signed/visit", "Cookie", "visit=" + signedForOther)).get("value").asText())
                .isEqualTo("(none)");
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void aSessionIsCreatedSavedOnChangeAndFoundAgain() throws Exception {
        HttpResponse<String> first = get("/visits");
        JsonNode one = json(first);
        assertThat(one.get("visits").asInt()).isEqualTo(1);
        assertThat(one.get("new").asBoolean()).isTrue();
        String cookie = setCookie(first, "sid");
        assertThat(cookie).contains("; Max-Age=7200; Secure; HttpOnly; SameSite=Lax").contains("; Path=/");
        String sid = cookieValue(cookie);
        assertThat(sid.substring(0, sid.indexOf('.'))).hasSize(32).isEqualTo(one.get("id").asText());

        JsonNode two = json(get("/visits", "Cookie", "sid=" + sid));
        assertThat(two.get("visits").asInt()).isEqualTo(2);
        assertThat(two.get("new").asBoolean()).isFalse();
        assertThat(two.get("id").asText()).isEqualTo(one.get("id").asText());

        HttpResponse<String> peek = get("/peek", "Cookie", "sid=" + sid);
        assertThat(json(peek).get("visits").asInt()).isEqualTo(2);
        assertThat(setCookie(peek, "sid")).as("an unchanged session is not saved").isNull();
    }

    @Test
    void aNewEmptySessionIsNotSaved() throws Exception {
        HttpResponse<String> r = get("/peek");
        assertThat(json(r).get("new").asBoolean()).isTrue();
        assertThat(setCookie(r, "sid")).isNull();
    }

    @Test
    void anUnknownOrForgedSessionIdGetsANewSessionWithANewId() throws Exception {
        String unknownId = "A".repeat(32);
        String signedUnknown = new CookieSigner(List.of(NEW_SECRET)).sign("sid", unknownId);
        JsonNode unknown = json(get("/visits", "Cookie", "sid=" + signedUnknown));
        assertThat(unknown.get("new").asBoolean()).isTrue();
        assertThat(unknown.get("id").asText()).isNotEqualTo(unknownId);

        String real = cookieValue(setCookie(get("/visits"), "sid"));
        String forged = real.substring(0, real.indexOf('.')) + ".AAAA";
        JsonNode refused = json(get("/visits", "Cookie", "sid=" + forged));
        assertThat(refused.get("new").asBoolean()).isTrue();
        assertThat(refused.get("visits").asInt()).isEqualTo(1);
    }

    @Test
    void regenerateMovesTheSessionToANewIdAndTheOldOneIsGone() throws Exception {
        String before = cookieValue(setCookie(get("/visits"), "sid"));
        HttpResponse<String> login = post("/login", null, "", "Cookie", "sid=" + before);
        String after = cookieValue(setCookie(login, "sid"));
        assertThat(after).isNotEqualTo(before);
        assertThat(json(get("/peek", "Cookie", "sid=" + after)).get("visits").asInt()).isEqualTo(1);
        assertThat(json(get("/peek", "Cookie", "sid=" + before)).get("new").asBoolean()).isTrue();
    }

    @Test
    void destroyDeletesTheSessionAndClearsTheCookie() throws Exception {
        String sid = cookieValue(setCookie(get("/visits"), "sid"));
        HttpResponse<String> logout = post("/logout", null, "", "Cookie", "sid=" + sid);
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(setCookie(logout, "sid")).startsWith("sid=;").contains("Max-Age=0");
        assertThat(json(get("/peek", "Cookie", "sid=" + sid)).get("new").asBoolean()).isTrue();
    }

    @Test
    void aStreamThatFailsAfterAStoreResumedTheRequestEndsAsABrokenResponse() throws Exception {
        String sid = cookieValue(setCookie(get("/visits"), "sid"));
        RawHttpResponse r = RawHttp.send(server().baseUri(), "GET /stream-then-fail HTTP/1.1\r\nHost: x\r\nCookie: sid="
                + sid + "\r\n\r\n");
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).startsWith("partial");
        assertThat(r.complete()).as("the client must see the response as broken, not complete").isFalse();
    }

    @Test
    void aStoreFailureIs503AndAFailedSaveIsNeverASuccess() throws Exception {
        String sid = cookieValue(setCookie(get("/visits"), "sid"));
        FAIL_NEXT.set("load");
        assertError(get("/visits", "Cookie", "sid=" + sid), 503, "SERVICE_UNAVAILABLE");
        FAIL_NEXT.set("save");
        HttpResponse<String> failedSave = get("/visits", "Cookie", "sid=" + sid);
        assertError(failedSave, 503, "SERVICE_UNAVAILABLE");
        assertThat(setCookie(failedSave, "sid")).isNull();
        // Nothing was saved by the failed request: the count goes on from 1.
        assertThat(json(get("/visits", "Cookie", "sid=" + sid)).get("visits").asInt()).isEqualTo(2);
    }

    @Test
    void aStoreThatKeepsFailingIsLoggedOnceNotPerRequest() throws Exception {
        String sid = cookieValue(setCookie(get("/visits"), "sid"));
        try (LogCapture log = LogCapture.start()) {
            for (int i = 0; i < 30; i++) {
                FAIL_NEXT.set("load");
                assertError(get("/visits", "Cookie", "sid=" + sid), 503, "SERVICE_UNAVAILABLE");
            }
            assertThat(log.warnings()).as("one warning for the store, nothing per request")
                    .hasSize(1)
                    .allMatch(line -> line.contains("WARN") && line.contains("The session store failed"));
        }
    }
}
