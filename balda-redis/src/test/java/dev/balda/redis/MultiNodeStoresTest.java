package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.redis.testing.Await;
import dev.balda.redis.testing.RedisServerExtension;
import dev.balda.testkit.container.ContainerType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes, Jetty (A) and Tomcat (B), each its own application with its own Redis connection,
 * whose rate limiter and response cache keep their state in one real Redis: a limit holds across
 * both nodes exactly, sequentially and under concurrency; an answer computed on one node is a hit
 * on the other; a tag invalidated on one is gone on both; a key is computed once between them;
 * and a session made on one node is read and changed on the other.
 */
class MultiNodeStoresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension();

    private static StoreNode a;
    private static StoreNode b;
    private static ExecutorService clients;

    @BeforeAll
    static void startNodes() {
        a = StoreNode.start("A", ContainerType.JETTY, RedisOptions.of(REDIS.server().uri()));
        b = StoreNode.start("B", ContainerType.TOMCAT, RedisOptions.of(REDIS.server().uri()));
        clients = Executors.newFixedThreadPool(40);
    }

    @AfterAll
    static void stopNodes() {
        if (clients != null) {
            clients.shutdownNow();
        }
        for (StoreNode node : new StoreNode[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void aLimitOfTenLetsExactlyTenOfFortyRequestsSpreadOverBothNodesThrough() throws Exception {
        int handledBefore = a.limitedHandled.get() + b.limitedHandled.get();
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StoreNode node = i % 2 == 0 ? a : b;
            HttpResponse<String> answer = node.get("/limited", "sequential");
            statuses.add(answer.statusCode());
            if (i < 10) {
                assertThat(answer.statusCode()).as("request %d on %s", i, node).isEqualTo(200);
                assertThat(answer.headers().firstValue("RateLimit-Remaining")).as("one count for both nodes")
                        .hasValue(String.valueOf(9 - i));
            } else {
                assertThat(answer.statusCode()).as("request %d on %s", i, node).isEqualTo(429);
                assertThat(json(answer).get("code").asText()).isEqualTo("TOO_MANY_REQUESTS");
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
            }
        }

        assertThat(Collections.frequency(statuses, 200)).isEqualTo(10);
        assertThat(a.limitedHandled.get() + b.limitedHandled.get() - handledBefore).isEqualTo(10);
    }

    @Test
    void aLimitOfTenLetsExactlyTenThroughWhenFortyRequestsArriveAtOnceOnBothNodes() throws Exception {
        int handledBefore = a.limitedHandled.get() + b.limitedHandled.get();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            StoreNode node = i % 2 == 0 ? a : b;
            answers.add(clients.submit(() -> {
                go.await();
                return node.get("/limited", "crowd").statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get(60, TimeUnit.SECONDS));
        }

        assertThat(Collections.frequency(statuses, 200)).isEqualTo(10);
        assertThat(Collections.frequency(statuses, 429)).isEqualTo(30);
        assertThat(a.limitedHandled.get() + b.limitedHandled.get() - handledBefore).isEqualTo(10);
    }

    @Test
    void anAnswerComputedOnOneNodeIsAHitOnTheOtherAndAnInvalidatedTagIsGoneOnBoth() throws Exception {
        HttpResponse<String> computedOnA = a.get("/products?category=tea", "shopper");
        HttpResponse<String> hitOnB = b.get("/products?category=tea", "shopper");

        assertThat(computedOnA.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(hitOnB.headers().firstValue("X-Cache")).hasValue("HIT");
        assertThat(hitOnB.body()).isEqualTo(computedOnA.body());
        assertThat(json(hitOnB).get("node").asText()).isEqualTo("A");
        assertThat(hitOnB.headers().firstValue("Content-Type")).isEqualTo(computedOnA.headers().firstValue("Content-Type"));
        assertThat(b.get("/products?category=coffee", "shopper").headers().firstValue("X-Cache")).hasValue("MISS");

        HttpResponse<String> invalidated = b.post("/invalidate/products");
        assertThat(json(invalidated).get("removed").asLong()).isGreaterThanOrEqualTo(2);

        HttpResponse<String> again = a.get("/products?category=tea", "shopper");
        assertThat(again.headers().firstValue("X-Cache")).hasValue("MISS");
        assertThat(b.get("/products?category=tea", "shopper").headers().firstValue("X-Cache")).hasValue("HIT");
    }

    @Test
    void aKeyIsComputedOnceBetweenBothNodes() throws Exception {
        int computedBefore = a.computed.get() + b.computed.get();
        a.closeGate();
        b.closeGate();
        try {
            Future<HttpResponse<String>> first = clients.submit(() -> a.get("/slow", "crowd"));
            assertThat(a.started.tryAcquire(20, TimeUnit.SECONDS)).as("A computes").isTrue();
            List<Future<HttpResponse<String>>> others = new ArrayList<>();
            for (int i = 0; i < 19; i++) {
                StoreNode node = i % 2 == 0 ? b : a;
                others.add(clients.submit(() -> node.get("/slow", "crowd")));
            }
            // B's requests find A's claim in Redis and wait for its entry; A's wait for A's computation.
            assertThat(b.started.tryAcquire(500, TimeUnit.MILLISECONDS)).as("B computes nothing meanwhile").isFalse();
            a.open();
            b.open();

            HttpResponse<String> computed = first.get(30, TimeUnit.SECONDS);
            assertThat(computed.headers().firstValue("X-Cache")).hasValue("MISS");
            for (Future<HttpResponse<String>> other : others) {
                HttpResponse<String> answer = other.get(30, TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.headers().firstValue("X-Cache")).hasValue("HIT");
                assertThat(answer.body()).isEqualTo(computed.body());
            }
            assertThat(a.computed.get() + b.computed.get() - computedBefore).isEqualTo(1);
            // A lets its claim go once the entry is stored; the DEL may still be on its way to Redis.
            Await.until("A released its claim", () -> {
                try {
                    return List.of().equals(REDIS.server().call("KEYS", "balda:cache:claim:*"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } finally {
            a.open();
            b.open();
        }
    }

    /** The {@code sid=...} pair of the answer's {@code Set-Cookie}, to send back as a browser would. */
    static String sessionCookie(HttpResponse<String> answer) {
        String setCookie = answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("sid="))
                .findFirst().orElseThrow(() -> new AssertionError("no session cookie in " + answer.headers().map()));
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    @Test
    void aSessionMadeOnOneNodeIsReadAndChangedOnTheOther() throws Exception {
        HttpResponse<String> made = a.send("POST", "/visit", null);
        assertThat(made.statusCode()).isEqualTo(200);
        String cookie = sessionCookie(made);
        JsonNode onA = json(made);
        String id = onA.get("id").asText();
        assertThat(cookie).isEqualTo("sid=" + id);
        assertThat(onA.get("new").asBoolean()).isTrue();
        long left = (Long) REDIS.server().call("PTTL", "balda:session:" + id);
        assertThat(left).as("kept in Redis for the session's ttl").isPositive()
                .isLessThanOrEqualTo(StoreNode.SESSION_TTL.toMillis());

        JsonNode onB = json(b.send("POST", "/visit", cookie));
        assertThat(onB.get("id").asText()).isEqualTo(id);
        assertThat(onB.get("new").asBoolean()).isFalse();
        assertThat(onB.get("values").get("visits").asInt()).isEqualTo(2);
        assertThat(onB.get("values").get("nodes").toString()).isEqualTo("[\"A\",\"B\"]");

        JsonNode backOnA = json(a.send("GET", "/session", cookie));
        assertThat(backOnA.get("new").asBoolean()).isFalse();
        assertThat(backOnA.get("values").get("visits").asInt()).as("B's change, read on A").isEqualTo(2);
        assertThat(backOnA.get("values").get("nodes").toString()).isEqualTo("[\"A\",\"B\"]");
    }
}
