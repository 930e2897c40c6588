package dev.balda;

import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.internal.MemoryExchange;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The application object: its route listing, protocol-upgrade routes, extensions and stop listeners. */
class ApplicationTest {
    private final Balda app = Balda.create();
    private final List<String> events = new ArrayList<>();

    private static MemoryExchange.Builder upgradeRequest(String target) {
        return MemoryExchange.request("GET", target).header("Connection", "keep-alive, Upgrade")
                .header("Upgrade", "WebSocket");
    }

    @Test
    void routesAreListedInRegistrationOrder() {
        app.get("/a", (req, res) -> null);
        app.all("/b/:id", (req, res) -> null);
        app.group("/c", g -> g.delete("/*", (req, res) -> null));
        app.upgrade("websocket", "/ws/:room", RouteOptions.none(), (req, res) -> null);

        assertThat(app.routes()).containsExactly("GET /a", "ALL /b/:id", "DELETE /c/*", "UPGRADE websocket /ws/:room");
    }

    @Test
    void anUpgradeRouteIsTakenOnlyByUpgradeRequests() {
        app.use((req, res, next) -> {
            events.add("global");
            next.run();
        });
        app.upgrade("websocket", "/ws/:room", RouteOptions.of((req, res, next) -> {
            events.add("route middleware");
            next.run();
        }), (req, res) -> {
            events.add("upgrade " + req.param("room"));
            res.detach();
            return null;
        });

        MemoryExchange upgrade = run(app, upgradeRequest("/ws/lobby"));
        MemoryExchange plain = get(app, "/ws/lobby");

        assertThat(events).containsExactly("global", "route middleware", "upgrade lobby", "global");
        assertThat(upgrade.responseHeaders().isEmpty()).as("detached: Balda wrote nothing").isTrue();
        assertThat(upgrade.responseBodyBytes()).isEmpty();
        assertThat(plain.status()).isEqualTo(404);
    }

    @Test
    void anOrdinaryRouteOnTheSamePathServesNonUpgradeRequests() {
        app.upgrade("websocket", "/chat", RouteOptions.none(), (req, res) -> {
            res.detach();
            return null;
        });
        app.get("/chat", (req, res) -> "chat page");

        assertThat(get(app, "/chat").responseBodyText()).isEqualTo("chat page");
        assertThat(run(app, upgradeRequest("/chat")).responseBodyBytes()).isEmpty();
        // An upgrade to a protocol nobody registered is an ordinary request.
        assertThat(run(app, MemoryExchange.request("GET", "/chat").header("Connection", "Upgrade")
                .header("Upgrade", "h2c")).responseBodyText()).isEqualTo("chat page");
        // Upgrade without Connection: Upgrade is no upgrade either.
        assertThat(run(app, MemoryExchange.request("GET", "/chat").header("Upgrade", "websocket"))
                .responseBodyText()).isEqualTo("chat page");
    }

    @Test
    void withoutUpgradeRoutesAnUpgradeRequestIsOrdinary() {
        app.get("/ws", (req, res) -> "plain");

        assertThat(run(app, upgradeRequest("/ws")).responseBodyText()).isEqualTo("plain");
    }

    @Test
    void anExceptionAfterDetachWritesNothing() {
        app.upgrade("websocket", "/ws", RouteOptions.none(), (req, res) -> {
            res.detach();
            throw new IllegalStateException("handshake failed");
        });

        MemoryExchange ex = run(app, upgradeRequest("/ws"));

        assertThat(ex.responseHeaders().isEmpty()).isTrue();
        assertThat(ex.responseBodyBytes()).isEmpty();
        assertThat(ex.abortCause()).isNull();
    }

    @Test
    void detachAfterCommitIsRefused() {
        List<Throwable> thrown = new ArrayList<>();
        app.get("/x", (req, res) -> {
            res.stream("text/plain");
            try {
                res.detach();
            } catch (IllegalStateException e) {
                thrown.add(e);
            }
            return null;
        });

        get(app, "/x");

        assertThat(thrown).singleElement().extracting(Throwable::getMessage)
                .isEqualTo("The response was already committed; it cannot be handed to the container");
    }

    @Test
    void stopListenersRunOnceEvenIfOneFails() {
        AtomicInteger second = new AtomicInteger();
        app.onStop(() -> {
            throw new IllegalStateException("first listener fails");
        });
        app.onStop(second::incrementAndGet);

        app.stop();
        app.stop();

        assertThat(second).hasValue(1);
    }

    @Test
    void anExtensionIsCreatedOncePerApplication() {
        AtomicInteger created = new AtomicInteger();
        Balda other = Balda.create();

        StringBuilder first = app.extension(StringBuilder.class, a -> {
            created.incrementAndGet();
            return new StringBuilder("registry");
        });
        StringBuilder again = app.extension(StringBuilder.class, a -> new StringBuilder("second"));
        StringBuilder otherApps = other.extension(StringBuilder.class, a -> new StringBuilder("other"));

        assertThat(again).isSameAs(first);
        assertThat(created).hasValue(1);
        assertThat(otherApps).isNotSameAs(first).hasToString("other");
    }
}
