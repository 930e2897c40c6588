package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.plugin.cache.CachePlugin;
import dev.balda.plugin.cookie.CookiePlugin;
import dev.balda.plugin.ratelimit.RateLimitPlugin;
import dev.balda.plugin.session.SessionPlugin;
import dev.balda.redis.RedisCacheStore;
import dev.balda.redis.RedisConnection;
import dev.balda.redis.RedisOptions;
import dev.balda.redis.RedisRateLimitStore;
import dev.balda.redis.RedisSessionStore;
import dev.balda.redis.RedisTopics;
import dev.balda.websocket.WebSockets;
import java.time.Duration;
import java.util.List;

/** The README's "Scaling out": topics across nodes on Redis, alone and on a shared connection; the plugins' stores (sessions, rate limits, cache) in Redis. */
final class ScaleOut {
    private ScaleOut() {
    }

    static void oneLine(Balda app) {
        // tag::scale-out[]
        WebSockets.on(app).topics(RedisTopics.connect("redis://127.0.0.1:6379"));
        // end::scale-out[]
    }

    static void sharedConnection(Balda app) {
        // tag::scale-out-shared[]
        RedisConnection redis = RedisConnection.open(RedisOptions.builder()
                .uri("redis://:s3cret@redis.internal:6379/0")
                .maxQueuedMessages(50_000)
                .build());
        WebSockets.on(app).topics(RedisTopics.on(redis));
        app.onStop(redis::close);   // runs after the sockets and the bus have stopped
        // end::scale-out-shared[]
    }

    static void stores(Balda app) {
        // tag::scale-out-stores[]
        RedisConnection redis = RedisConnection.open("redis://redis.internal:6379");
        app.onStop(redis::close);
        app.use(CookiePlugin.defaults(), SessionPlugin.builder().store(RedisSessionStore.on(redis)).build());
        app.use(RateLimitPlugin.builder().limit(100).window(Duration.ofMinutes(1))
                .store(RedisRateLimitStore.on(redis)).build());
        CachePlugin cache = CachePlugin.builder().ttl(Duration.ofSeconds(30)).tags("products")
                .store(RedisCacheStore.on(redis)).build();
        app.get("/products", RouteOptions.of(cache), (req, res) -> List.of("tea", "coffee"));
        app.post("/products", (req, res) -> {
            cache.invalidateTags("products");   // one script in Redis, sent before the answer, never awaited
            return "saved";
        });
        // end::scale-out-stores[]
    }
}
