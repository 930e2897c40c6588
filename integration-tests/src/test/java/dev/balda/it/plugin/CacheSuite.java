package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.plugin.cache.CachePlugin;
import dev.balda.plugin.cors.CorsPlugin;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The response cache over real HTTP: hits, one computation under 50 concurrent identical requests, tags. */
abstract class CacheSuite extends PluginSuite {
    final AtomicInteger reports = new AtomicInteger();
    final AtomicInteger products = new AtomicInteger();
    final CountDownLatch crowdSent = new CountDownLatch(50);
    final CachePlugin productCache = CachePlugin.builder().ttl(Duration.ofMinutes(5)).tags("products").build();

    @Override
    Balda app() {
        Balda app = Balda.create();
        app.use(CorsPlugin.builder().origin("https://a.example", "https://b.example").build());
        app.get("/report", RouteOptions.of(CachePlugin.builder().ttl(Duration.ofMinutes(5)).build()), (req, res) -> {
            int n = reports.incrementAndGet();
            // Slow on purpose: the request computing it waits until all 50 were sent.
            crowdSent.await(20, TimeUnit.SECONDS);
            return Map.of("report", n);
        });
        app.get("/products", RouteOptions.of(productCache), (req, res) -> Map.of("version", products.incrementAndGet(),
                "category", String.valueOf(req.query("category"))));
        app.post("/products", (req, res) -> {
            productCache.invalidateTags("products");
            return res.noContent();
        });
        return app;
    }

    @Test
    void fiftyConcurrentIdenticalRequestsComputeOnce() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(50);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(clients.submit(() -> {
                    crowdSent.countDown();
                    return get("/report");
                }));
            }
            List<String> xCache = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> r = answer.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(json(r.body()).get("report").asInt()).isEqualTo(1);
                xCache.add(r.headers().firstValue("X-Cache").orElse(""));
            }

            assertThat(reports).hasValue(1);
            assertThat(Collections.frequency(xCache, "MISS")).isEqualTo(1);
            assertThat(Collections.frequency(xCache, "HIT")).isEqualTo(49);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void hitsCarryTheirOwnRequestsCorsHeadersAndTheQueryIsInTheKey() throws Exception {
        HttpResponse<String> fromA = get("/products?category=tea", "Origin", "https://a.example");
        HttpResponse<String> fromB = get("/products?category=tea", "Origin", "https://b.example");
        HttpResponse<String> other = get("/products?category=coffee", "Origin", "https://b.example");

        assertThat(fromA.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(fromB.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(fromB.headers().firstValue("Age")).isPresent();
        assertThat(fromB.body()).isEqualTo(fromA.body());
        assertThat(fromB.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://b.example");
        assertThat(other.headers().firstValue("X-Cache")).hasValue("MISS");
    }

    @Test
    void invalidatingATagDropsItsEntries() throws Exception {
        get("/products?category=invalidate");
        assertThat(get("/products?category=invalidate").headers().firstValue("X-Cache")).hasValue("HIT");

        assertThat(send("POST", "/products").statusCode()).isEqualTo(204);

        assertThat(get("/products?category=invalidate").headers().firstValue("X-Cache")).hasValue("MISS");
    }
}
