package dev.balda.plugin.session;

import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import dev.balda.plugin.cookie.CookiePlugin;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionPluginTest {

    /** A store that answers later on another thread, or fails. */
    static final class SlowStore implements SessionStore {
        final InMemorySessionStore inner = InMemorySessionStore.bounded(10);
        volatile boolean failLoad;
        volatile boolean failSave;

        private <T> CompletionStage<T> later(boolean fail, CompletionStage<T> value) {
            return CompletableFuture.supplyAsync(() -> {
                if (fail) {
                    throw new IllegalStateException("store down");
                }
                return value.toCompletableFuture().join();
            }, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }

        @Override
        public CompletionStage<Map<String, Object>> load(String id) {
            return later(failLoad, inner.load(id));
        }

        @Override
        public CompletionStage<Void> save(String id, Map<String, Object> data, Duration ttl) {
            return later(failSave, CompletableFuture.completedFuture(null)).thenCompose(v -> inner.save(id, data, ttl));
        }

        @Override
        public CompletionStage<Void> delete(String id) {
            return later(false, inner.delete(id));
        }
    }

    private static Balda app(SessionPlugin plugin) {
        Balda app = Balda.create();
        app.use(plugin, CookiePlugin.defaults());
        app.get("/count", (req, res) -> {
            Session s = Session.of(req);
            Integer n = s.get("n");
            s.set("n", n == null ? 1 : n + 1);
            return Map.of("n", s.get("n"), "new", s.isNew(), "id", s.id());
        });
        app.get("/read", (req, res) -> Map.of("n", String.valueOf((Object) Session.of(req).get("n"))));
        app.get("/regenerate", (req, res) -> {
            Session.of(req).regenerate();
            return Session.of(req).id();
        });
        app.get("/destroy", (req, res) -> {
            Session.of(req).destroy();
            return "bye";
        });
        return app;
    }

    private static MemoryExchange get(Balda app, String target, String sid) {
        MemoryExchange.Builder b = MemoryExchange.request("GET", target);
        if (sid != null) {
            b.header("Cookie", "sid=" + sid);
        }
        return run(app, b);
    }

    private static String sid(MemoryExchange r) {
        String cookie = r.responseHeader("Set-Cookie");
        return cookie == null ? null : cookie.substring(4, cookie.indexOf(';'));
    }

    @Test
    void theSessionPluginNeedsTheCookiePluginAtStart() {
        Balda app = Balda.create();
        app.use(SessionPlugin.defaults());
        assertThatIllegalStateException().isThrownBy(app::start).withMessageContaining("needs the cookie plugin");
    }

    @Test
    void aSessionIsSavedWhenChangedAndFoundByItsCookie() {
        SlowStore store = new SlowStore();
        Balda app = app(SessionPlugin.builder().store(store).build());
        MemoryExchange first = get(app, "/count", null);
        String sid = sid(first);
        assertThat(sid).hasSize(32);
        assertThat(first.responseHeader("Set-Cookie")).endsWith("; Path=/; Max-Age=86400; Secure; HttpOnly; SameSite=Lax");
        assertThat(json(get(app, "/count", sid)).get("n").asInt()).isEqualTo(2);
        MemoryExchange read = get(app, "/read", sid);
        assertThat(json(read).get("n").asText()).isEqualTo("2");
        assertThat(read.responseHeader("Set-Cookie")).isNull();
        assertThat(get(app, "/read", null).responseHeader("Set-Cookie")).as("new and empty: not saved").isNull();
        assertThat(store.inner.size()).isEqualTo(1);
    }

    @Test
    void unknownMalformedAndForgedIdsGetANewSession() {
        Balda app = app(SessionPlugin.builder().secrets("k".repeat(32)).build());
        assertThat(json(get(app, "/count", "B".repeat(32))).get("new").asBoolean()).isTrue();
        assertThat(json(get(app, "/count", "../../etc")).get("new").asBoolean()).isTrue();
        String signed = sid(get(app, "/count", null));
        assertThat(json(get(app, "/count", signed)).get("n").asInt()).isEqualTo(2);
        String bare = signed.substring(0, signed.indexOf('.'));
        assertThat(json(get(app, "/count", bare)).get("new").asBoolean()).isTrue();
    }

    @Test
    void regenerateAndDestroy() {
        Balda app = app(SessionPlugin.defaults());
        String sid = sid(get(app, "/count", null));
        MemoryExchange regenerated = get(app, "/regenerate", sid);
        String next = sid(regenerated);
        assertThat(next).isNotEqualTo(sid).isEqualTo(regenerated.responseBodyText());
        assertThat(json(get(app, "/read", next)).get("n").asText()).isEqualTo("1");
        assertThat(json(get(app, "/read", sid)).get("n").asText()).isEqualTo("null");
        MemoryExchange destroyed = get(app, "/destroy", next);
        assertThat(destroyed.responseHeader("Set-Cookie")).startsWith("sid=;").contains("Max-Age=0");
        assertThat(json(get(app, "/read", next)).get("n").asText()).isEqualTo("null");
    }

    @Test
    void aStoreFailureIs503AndAFailedSaveIsNotASuccess() {
        SlowStore store = new SlowStore();
        Balda app = app(SessionPlugin.builder().store(store).build());
        String sid = sid(get(app, "/count", null));
        store.failLoad = true;
        MemoryExchange load = get(app, "/count", sid);
        assertThat(load.status()).isEqualTo(503);
        assertThat(json(load).get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        store.failLoad = false;
        store.failSave = true;
        MemoryExchange save = get(app, "/count", sid);
        assertThat(save.status()).isEqualTo(503);
        assertThat(save.responseHeader("Set-Cookie")).isNull();
        store.failSave = false;
        assertThat(json(get(app, "/count", sid)).get("n").asInt()).isEqualTo(2);
    }

    @Test
    void theInMemoryStoreIsBoundedAndSweepsExpiredSessions() throws Exception {
        InMemorySessionStore store = InMemorySessionStore.bounded(2);
        store.save("a", Map.of("x", 1), Duration.ofHours(1));
        store.save("b", Map.of("x", 2), Duration.ofMillis(1));
        store.save("c", Map.of("x", 3), Duration.ofHours(1));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.load("a").toCompletableFuture().get()).as("the least recently used went").isNull();
        Balda app = Balda.create();
        InMemorySessionStore swept = InMemorySessionStore.bounded(10, Duration.ofMillis(20));
        app.use(CookiePlugin.defaults(), SessionPlugin.builder().store(swept).build());
        app.start();
        swept.save("old", Map.of("x", 1), Duration.ofMillis(1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (swept.size() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10); // waits for the sweep task on the scheduler
        }
        assertThat(swept.size()).isZero();
        app.stop();
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> SessionPlugin.builder().ttl(Duration.ZERO).build())
                .withMessageStartingWith("ttl");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionPlugin.builder().maxSessions(0).build())
                .withMessageStartingWith("maxSessions");
        assertThatIllegalArgumentException().isThrownBy(() -> SessionPlugin.builder().cookieName("a b").build());
        assertThatIllegalStateException().isThrownBy(() -> SessionPlugin.builder()
                .cookie(c -> c.sameSite(dev.balda.http.SameSite.NONE).secure(false)).build());
        assertThatIllegalArgumentException().isThrownBy(() -> InMemorySessionStore.bounded(0));
    }
}
