package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServer;
import dev.balda.redis.testing.RedisServerExtension;
import dev.balda.testkit.container.ContainerType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Redis stores when Redis dies or hangs, on two nodes (Jetty and Tomcat): the rate limiter
 * lets requests through or refuses them as its {@code failClosed} says, the cache runs the route
 * without the cache, no request waits longer than the connection's command timeout, and once
 * Redis is back everything works again without restarting a node; a node started while Redis is
 * absent serves without its stores and uses them once Redis comes; a session that cannot be loaded
 * or saved is a 503, never a session handed out unsaved.
 */
class RedisStoresFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
    /** What a request may take on top of the command timeout on a loaded machine; far below the client's 20 s. */
    private static final Duration MARGIN = Duration.ofMillis(4_500);

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static StoreNode a;
    private static StoreNode b;

    @BeforeAll
    static void startNodes() {
        a = StoreNode.start("A", ContainerType.JETTY, options());
        b = StoreNode.start("B", ContainerType.TOMCAT, options());
    }

    private static RedisOptions options() {
        return RedisOptions.builder().uri(REDIS.server().uri()).commandTimeout(COMMAND_TIMEOUT).build();
    }

    @AfterAll
    static void stopNodes() {
        for (StoreNode node : new StoreNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @BeforeEach
    void bothNodesConnected() {
        // The test before may have restarted Redis: the nodes reconnect by themselves.
        Await.until("both nodes connected", () -> a.redis.isConnected() && b.redis.isConnected());
    }

    private static void assertCounted(HttpResponse<String> answer, int remaining) {
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("RateLimit-Limit")).hasValue("10");
        assertThat(answer.headers().firstValue("RateLimit-Remaining")).hasValue(String.valueOf(remaining));
    }

    private static void assertLetThroughUncounted(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("done");
        assertThat(answer.headers().firstValue("RateLimit-Limit")).as("nothing was counted").isEmpty();
    }

    private static void assertRefused(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(body.get("message").asText()).contains("rate limiter");
    }

    private static void assertSessionUnavailable(HttpResponse<String> answer, String what) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(503);
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(body.get("message").asText()).isEqualTo("The session could not be " + what + "; try again later");
        assertThat(answer.headers().allValues("Set-Cookie")).as("no session handed out that was not saved").isEmpty();
    }

    @Test
    void redisKilledTheRateLimiterLetsThroughOrRefusesAsFailClosedSaysAndCountsAgainOnceRedisIsBack(RedisServer redis)
            throws Exception {
        assertCounted(a.get("/limited", "killed"), 9);
        assertCounted(b.get("/limited-closed", "killed"), 9);

        redis.kill();
        Await.until("both nodes noticed", () -> !a.redis.isConnected() && !b.redis.isConnected());
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (StoreNode node : List.of(a, b)) {
                for (int i = 0; i < 12; i++) {
                    assertLetThroughUncounted(node.get("/limited", "killed"));
                    assertRefused(node.get("/limited-closed", "killed"));
                }
            }
        } finally {
            System.setErr(err);
            err.print(captured.toString(StandardCharsets.UTF_8));
        }
        // 48 failing requests: at most one WARN per limiter (two per node), and no ERROR at all.
        List<String> log = captured.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(log).filteredOn(line -> line.contains(" ERROR ")).isEmpty();
        assertThat(log).filteredOn(line -> line.contains("WARN dev.balda.plugin.ratelimit.RateLimitPlugin")).hasSizeLessThanOrEqualTo(4);

        redis.restart();
        Await.until("both nodes reconnected by themselves", () -> a.redis.isConnected() && b.redis.isConnected());
        // The new Redis is empty: counting starts again.
        assertCounted(b.get("/limited", "killed"), 9);
        assertCounted(a.get("/limited", "killed"), 8);
        assertCounted(a.get("/limited-closed", "killed"), 9);
    }

    @Test
    void aHungRedisHoldsNoRequestLongerThanTheCommandTimeout(RedisServer redis) throws Exception {
        assertCounted(a.get("/limited", "hung"), 9);
        String cookie = MultiNodeStoresTest.sessionCookie(a.send("POST", "/visit", null));
        redis.freeze();
        try {
            for (StoreNode node : List.of(a, b)) {
                long start = System.nanoTime();
                assertLetThroughUncounted(node.get("/limited", "hung"));
                assertRefused(node.get("/limited-closed", "hung"));
                HttpResponse<String> cached = node.get("/products?category=hung", "hung");
                assertThat(cached.statusCode()).isEqualTo(200);
                assertThat(cached.headers().firstValue("X-Cache")).as("the route ran without the cache").hasValue("MISS");
                assertSessionUnavailable(node.send("GET", "/session", cookie), "loaded");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("four requests, each waiting on Redis once")
                        .isLessThan(COMMAND_TIMEOUT.multipliedBy(4).plus(MARGIN));
            }
        } finally {
            redis.thaw();
        }
        // The connection stayed open: the next requests are counted at once (the hung increments
        // ran when Redis thawed, so the count went on from there).
        HttpResponse<String> counted = b.get("/limited", "hung");
        assertThat(counted.headers().firstValue("RateLimit-Limit")).hasValue("10");
        assertThat(Integer.parseInt(counted.headers().firstValue("RateLimit-Remaining").orElseThrow())).isBetween(6, 8);
    }

    @Test
    void redisKilledTheCacheRunsTheRouteAndKeepsAnswersAgainOnceRedisIsBack(RedisServer redis) throws Exception {
        redis.kill();
        Await.until("both nodes noticed", () -> !a.redis.isConnected() && !b.redis.isConnected());
        int before = a.computed.get();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = a.get("/products?category=outage", "shopper");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("X-Cache")).hasValue("MISS");
        }
        assertThat(a.computed.get() - before).as("computed for every request").isEqualTo(3);

        redis.restart();
        Await.until("both nodes reconnected by themselves", () -> a.redis.isConnected() && b.redis.isConnected());
        assertThat(a.get("/products?category=outage", "shopper").headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(b.get("/products?category=outage", "shopper").headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void redisAbsentAtStartANodeServesWithoutItsStoresAndUsesThemOnceRedisComes(RedisServer redis) throws Exception {
        redis.kill();
        try (StoreNode late = StoreNode.startNow("C", ContainerType.JETTY, options())) {
            assertThat(late.redis.isConnected()).isFalse();
            for (int i = 0; i < 12; i++) {
                assertLetThroughUncounted(late.get("/limited", "absent"));
                assertRefused(late.get("/limited-closed", "absent"));
            }
            int before = late.computed.get();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> answer = late.get("/products?category=absent", "shopper");
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("X-Cache")).hasValue("MISS");
            }
            assertThat(late.computed.get() - before).as("computed for every request").isEqualTo(2);
            assertSessionUnavailable(late.send("POST", "/visit", null), "saved");

            redis.restart();
            Await.until("C connected when Redis came", () -> late.redis.isConnected() && a.redis.isConnected());
            assertCounted(late.get("/limited", "absent"), 9);
            assertCounted(late.get("/limited-closed", "absent"), 9);
            assertThat(late.get("/products?category=absent", "shopper").headers().firstValue("X-Cache")).hasValue("MISS");
            HttpResponse<String> onA = a.get("/products?category=absent", "shopper");
            assertThat(onA.headers().firstValue("X-Cache")).as("C's entry, in Redis").hasValue("HIT");
            assertThat(JSON.readTree(onA.body()).get("node").asText()).isEqualTo("C");
            String cookie = MultiNodeStoresTest.sessionCookie(late.send("POST", "/visit", null));
            JsonNode session = JSON.readTree(a.send("GET", "/session", cookie).body());
            assertThat(session.get("new").asBoolean()).as("C's session, read on A").isFalse();
            assertThat(session.get("values").get("nodes").toString()).isEqualTo("[\"C\"]");
        }
    }

    @Test
    void redisKilledSessionsAreAnswered503NeverLostQuietlyAndWorkAgainOnceRedisIsBack(RedisServer redis) throws Exception {
        String cookie = MultiNodeStoresTest.sessionCookie(a.send("POST", "/visit", null));

        redis.kill();
        Await.until("both nodes noticed", () -> !a.redis.isConnected() && !b.redis.isConnected());
        assertSessionUnavailable(b.send("GET", "/session", cookie), "loaded");
        assertSessionUnavailable(a.send("POST", "/visit", null), "saved");
        HttpResponse<String> noSession = a.send("GET", "/session", null);
        assertThat(noSession.statusCode()).as("a request that neither loads nor changes a session needs no store")
                .isEqualTo(200);

        redis.restart();
        Await.until("both nodes reconnected by themselves", () -> a.redis.isConnected() && b.redis.isConnected());
        // The new Redis is empty: the old session is unknown, and a new one is made and kept.
        HttpResponse<String> fresh = b.send("POST", "/visit", cookie);
        assertThat(fresh.statusCode()).isEqualTo(200);
        JsonNode made = JSON.readTree(fresh.body());
        assertThat(made.get("new").asBoolean()).isTrue();
        assertThat(made.get("values").get("visits").asInt()).isEqualTo(1);
        String newCookie = MultiNodeStoresTest.sessionCookie(fresh);
        assertThat(newCookie).isNotEqualTo(cookie);
        assertThat(JSON.readTree(a.send("GET", "/session", newCookie).body()).get("values").get("visits").asInt())
                .isEqualTo(1);
    }
}
