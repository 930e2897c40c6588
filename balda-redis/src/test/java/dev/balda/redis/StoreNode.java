package dev.balda.redis;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.plugin.cache.CachePlugin;
import dev.balda.plugin.cookie.CookiePlugin;
import dev.balda.plugin.ratelimit.RateLimitPlugin;
import dev.balda.plugin.session.Session;
import dev.balda.plugin.session.SessionPlugin;
import dev.balda.redis.testing.Await;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node of a test cluster whose plugins keep their state in Redis: an embedded Jetty or Tomcat
 * serving a Balda application with its own {@link RedisConnection} (closed when the application
 * stops), as a deployed node would. Every request names its client in {@code X-Client}, which is
 * what the rate limiters count under, so tests sharing nodes never share a budget.
 *
 * <ul>
 *   <li>{@code GET /limited}: a limit of 10 per minute, {@code failClosed} off (a store failure
 *       lets requests through); {@code GET /limited-closed}: the same with {@code failClosed} on
 *       (a store failure is answered 503). Each answers {@code done}.</li>
 *   <li>{@code GET /products?category=}: cached for a minute, tagged {@code products}; answers
 *       which node computed it and how many computations this node has made.</li>
 *   <li>{@code GET /slow}: cached, and its computation waits until the test {@link #open opens the
 *       gate}, telling {@link #started} when it begins.</li>
 *   <li>{@code POST /invalidate/:tag}: invalidates the tag; answers how many entries went (waiting
 *       for Redis on the request thread, which an application would not do: the test wants the count).</li>
 *   <li>{@code POST /visit}: counts a visit in the session ({@code visits}, and {@code nodes}, the
 *       nodes visited in order); {@code GET /session} reads it. Both answer the session's id,
 *       whether it is new, and its values. Sessions live in Redis for {@link #SESSION_TTL}; the
 *       cookie is not {@code Secure} (the tests speak plain HTTP).</li>
 * </ul>
 */
final class StoreNode implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration SESSION_TTL = Duration.ofMinutes(30);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final RedisConnection redis;
    final EmbeddedServer server;
    final AtomicInteger limitedHandled = new AtomicInteger();
    final AtomicInteger computed = new AtomicInteger();
    final Semaphore started = new Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private StoreNode(String name, RedisConnection redis, ContainerType type) {
        this.name = name;
        this.redis = redis;
        Balda app = Balda.create();
        app.onStop(redis::close);
        app.use(CookiePlugin.defaults(), SessionPlugin.builder().ttl(SESSION_TTL).cookie(c -> c.secure(false))
                .store(RedisSessionStore.on(redis)).build());
        app.post("/visit", (req, res) -> {
            Session session = Session.of(req);
            Integer visits = session.get("visits");
            List<Object> visited = session.get("nodes");
            List<Object> nodes = visited == null ? new ArrayList<>() : new ArrayList<>(visited);
            nodes.add(name);
            session.set("visits", visits == null ? 1 : visits + 1).set("nodes", nodes);
            return describe(session);
        });
        app.get("/session", (req, res) -> describe(Session.of(req)));
        app.get("/limited", RouteOptions.of(limiter("open:", false)), (req, res) -> {
            limitedHandled.incrementAndGet();
            return "done";
        });
        app.get("/limited-closed", RouteOptions.of(limiter("closed:", true)), (req, res) -> "done");
        CachePlugin cache = CachePlugin.builder().ttl(Duration.ofMinutes(1)).tags("products")
                .store(RedisCacheStore.on(redis)).build();
        app.get("/products", RouteOptions.of(cache), (req, res) ->
                Map.of("category", String.valueOf(req.query("category")), "node", name, "computation", computed.incrementAndGet()));
        app.get("/slow", RouteOptions.of(cache), (req, res) -> {
            started.release();
            if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never opened the gate");
            }
            return Map.of("node", name, "computation", computed.incrementAndGet());
        });
        app.post("/invalidate/:tag", (req, res) ->
                Map.of("removed", cache.invalidateTags(req.param("tag")).toCompletableFuture().get(10, TimeUnit.SECONDS)));
        this.server = EmbeddedServer.builder(type).application(app).start();
    }

    private static Map<String, Object> describe(Session session) {
        return Map.of("id", session.id(), "new", session.isNew(), "values", session.values());
    }

    private RateLimitPlugin limiter(String prefix, boolean failClosed) {
        return RateLimitPlugin.builder().limit(10).window(Duration.ofMinutes(1)).prefix(prefix)
                .key(req -> req.header("X-Client")).failClosed(failClosed).store(RedisRateLimitStore.on(redis)).build();
    }

    /** A node on its own connection to this Redis, once that connection is up (as a node that has been running a while). */
    static StoreNode start(String name, ContainerType type, RedisOptions options) {
        StoreNode node = startNow(name, type, options);
        Await.until(name + " connected to Redis", node.redis::isConnected);
        return node;
    }

    /** A node that serves at once, whether or not its Redis is there (its connection is made in the background). */
    static StoreNode startNow(String name, ContainerType type, RedisOptions options) {
        return new StoreNode(name, RedisConnection.open(options), type);
    }

    /** Closes the gate: computations of {@code /slow} wait until {@link #open}. */
    void closeGate() {
        gate = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    HttpResponse<String> get(String path, String client) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri(path)).timeout(WAIT).header("X-Client", client).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(server.uri(path)).timeout(WAIT).header("X-Client", "admin")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request carrying this {@code Cookie} header (none when {@code null}), as a browser would send the session's. */
    HttpResponse<String> send(String method, String path, String cookie) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path)).timeout(WAIT).header("X-Client", "visitor")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        open();
        server.stop();
        redis.close();
    }

    @Override
    public String toString() {
        return name + " (" + server.type() + " " + server.baseUri() + ")";
    }
}
