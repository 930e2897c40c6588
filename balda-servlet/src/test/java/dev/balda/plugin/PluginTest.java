package dev.balda.plugin;

import static dev.balda.Exchanges.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
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
            public void handle(Request req, Response res, Next next) throws Exception {
                events.add(name);
                next.run();
            }
        };
    }

    @Test
    void pluginsRunInListedOrderButAfterWhatTheyRequire() {
        Balda app = Balda.create();
        app.use(plugin("session", "cookie"), plugin("log"), plugin("cookie"));
        app.get("/", (req, res) -> "ok");

        get(app, "/");

        assertThat(events).containsExactly("start cookie", "start session", "start log", "cookie", "session", "log");
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
        Plugin sweeping = new Plugin() {
            @Override
            public String name() {
                return "sweeper";
            }

            @Override
            public void start(PluginContext context) {
                context.scheduler().execute(ran::countDown);
            }

            @Override
            public void handle(Request req, Response res, Next next) throws Exception {
                next.run();
            }
        };
        Balda app = Balda.create();
        app.use(plugin("a"), sweeping, plugin("b"));
        app.start();
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        app.stop();
        app.stop();
        assertThat(events).containsExactly("start a", "start b", "stop b", "stop a");
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("balda-plugins")) {
                thread.join(10_000);
                assertThat(thread.isAlive()).as("the plugins' scheduler thread ends with the application").isFalse();
            }
        }
    }
}
