package dev.balda.plugin;

import static dev.balda.Exchanges.error;
import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.internal.MemoryExchange;
import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The plugin contract: order, requirements and life cycle, through an application. */
class PluginTest {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** A plugin that records its runs, starts and stops. */
    private Plugin plugin(String name, String... requires) {
        return new Plugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<String> requires() {
                return Set.of(requires);
            }

            @Override
            public void start(PluginContext context) {
                events.add("start " + name);
            }

            @Override
            public void stop() {
                events.add("stop " + name);
            }

            @Override
            public CompletionStage<Void> before(Request req, Response res) {
                events.add("before " + name);
                return DONE;
            }

            @Override
            public CompletionStage<Void> after(Request req, Response res) {
                events.add("after " + name);
                return DONE;
            }

            @Override
            public void handle(Request req, Response res, Next next) throws Exception {
                events.add(name);
                next.run();
            }
        };
    }

    @Test
    void beforeStepsRunBeforeAnyMiddlewareAndAfterStepsInReverseOnceTheChainIsDone() {
        Balda app = Balda.create();
        app.use((req, res, next) -> {
            events.add("user middleware");
            next.run();
        });
        app.use(plugin("trust-proxy"), plugin("log"));
        app.get("/", RouteOptions.of(plugin("cache")), (req, res) -> {
            events.add("handler");
            return "ok";
        });
        app.start();
        events.clear();

        get(app, "/");

        assertThat(events).containsExactly("before trust-proxy", "before log", "before cache", "user middleware",
                "trust-proxy", "log", "cache", "handler", "after cache", "after log", "after trust-proxy");
    }

    @Test
    void aFailedStageIsAnsweredLikeAnExceptionFromTheChain() {
        Balda app = Balda.create();
        app.use(new Plugin() {
            @Override
            public String name() {
                return "store";
            }

            @Override
            public CompletionStage<Void> before(Request req, Response res) {
                return CompletableFuture.failedFuture(HttpException.serviceUnavailable("The session store is away"));
            }

            @Override
            public void handle(Request req, Response res, Next next) throws Exception {
                events.add("chain ran");
                next.run();
            }
        });
        app.get("/", (req, res) -> "ok");

        MemoryExchange answer = get(app, "/");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(jsonMap(answer)).isEqualTo(error("SERVICE_UNAVAILABLE", "The session store is away"));
        assertThat(events).isEmpty();
    }

    @Test
    void anAfterStepStillChangesTheBufferedResponse() {
        Balda app = Balda.create();
        app.use(new Plugin() {
            @Override
            public String name() {
                return "stamp";
            }

            @Override
            public CompletionStage<Void> after(Request req, Response res) {
                res.header("X-Stamped", "yes");
                return DONE;
            }

            @Override
            public void handle(Request req, Response res, Next next) throws Exception {
                next.run();
            }
        });
        app.get("/", (req, res) -> "ok");

        assertThat(get(app, "/").responseHeader("X-Stamped")).isEqualTo("yes");
    }

    @Test
    void pluginsRunInListedOrderButAfterWhatTheyRequire() {
        Balda app = Balda.create();
        app.use(plugin("session", "cookie"), plugin("log"), plugin("cookie"));
        app.get("/", (req, res) -> "ok");

        get(app, "/");

        assertThat(events).containsSubsequence("start cookie", "start session", "start log",
                "before cookie", "before session", "before log", "cookie", "session", "log");
    }

    @Test
    void aMissingRequirementFailsTheStartSayingWhatToAdd() {
        Balda app = Balda.create();
        app.use(plugin("session", "cookie"));
        assertThatIllegalStateException().isThrownBy(app::start)
                .withMessage("The session plugin in the global middleware needs the cookie plugin: add it to app.use(...)"
                        + " (it runs before session wherever it is listed)");
        assertThat(events).isEmpty();
    }

    @Test
    void aRoutePluginMayRelyOnAGlobalOne() {
        Balda app = Balda.create();
        app.use(plugin("cookie"));
        app.get("/account", RouteOptions.of(plugin("session", "cookie")), (req, res) -> "ok");
        app.start();
        assertThat(events).containsExactly("start cookie", "start session");

        Balda alone = Balda.create();
        alone.get("/account", RouteOptions.of(plugin("session", "cookie")), (req, res) -> "ok");
        assertThatIllegalStateException().isThrownBy(alone::start).withMessageStartingWith(
                "The session plugin in GET /account needs the cookie plugin");
    }

    @Test
    void aPluginListedTwiceIsRefused() {
        Balda app = Balda.create();
        app.use(plugin("cookie"), plugin("cookie"));
        assertThatIllegalStateException().isThrownBy(app::start)
                .withMessage("The cookie plugin is listed twice in the global middleware; list it once, with all its options");
    }

    @Test
    void pluginsStopInReverseOrderWithTheApplicationAndTheirSchedulerEnds() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<Thread> schedulerThread = new java.util.concurrent.atomic.AtomicReference<>();
        Plugin sweeping = new Plugin() {
            @Override
            public String name() {
                return "sweeper";
            }

            @Override
            public void start(PluginContext context) {
                context.scheduler().execute(() -> {
                    schedulerThread.set(Thread.currentThread());
                    ran.countDown();
                });
            }

            @Override
            public void handle(Request req, Response res, Next next) throws Exception {
                next.run();
            }
        };
        Set<Thread> before = schedulerThreads();
        Balda app = Balda.create();
        app.use(plugin("a"), sweeping, plugin("b"));
        app.start();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        Set<Thread> own = schedulerThreads();
        own.removeAll(before);
        app.stop();
        app.stop();
        assertThat(events).containsExactly("start a", "start b", "stop b", "stop a");
        Thread thread = schedulerThread.get();
        assertThat(thread.getName()).isEqualTo("balda-plugins");
        thread.join(10_000);
        assertThat(thread.isAlive()).as("the plugins' scheduler thread ends with the application").isFalse();
        assertThat(own).as("this application's scheduler thread").containsExactly(thread);
    }

    /** The plugin scheduler threads alive now (other tests' applications may have some of their own). */
    private static Set<Thread> schedulerThreads() {
        Set<Thread> threads = new java.util.HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("balda-plugins") && thread.isAlive()) {
                threads.add(thread);
            }
        }
        return threads;
    }
}
