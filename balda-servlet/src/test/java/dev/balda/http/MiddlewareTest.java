package dev.balda.http;

import static dev.balda.Exchanges.error;
import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.internal.MemoryExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MiddlewareTest {
    private final Balda app = Balda.create();
    private final List<String> events = new ArrayList<>();

    /** Records {@code name>} before and {@code <name} after the rest of the chain. */
    private Middleware marker(String name) {
        return (req, res, next) -> {
            events.add(name + ">");
            next.run();
            events.add("<" + name);
        };
    }

    @Test
    void middlewareRunsOnionStyleAroundTheHandler() {
        app.use(marker("a"), marker("b"));
        app.use(marker("c"));
        app.get("/x", (req, res) -> {
            events.add("handler");
            return "ok";
        });

        MemoryExchange ex = get(app, "/x");

        assertThat(ex.responseBodyText()).isEqualTo("ok");
        assertThat(events).containsExactly("a>", "b>", "c>", "handler", "<c", "<b", "<a");
    }

    @Test
    void afterCodeMayChangeStatusHeadersAndBody() {
        app.use((req, res, next) -> {
            next.run();
            res.status(201).header("X-After", "yes");
            String body = new String(res.body(), StandardCharsets.UTF_8);
            res.text(body.toUpperCase(Locale.ROOT));
        });
        app.get("/x", (req, res) -> res.header("X-Handler", "1").text("hello"));

        MemoryExchange ex = get(app, "/x");

        assertThat(ex.status()).isEqualTo(201);
        assertThat(ex.responseHeader("X-After")).isEqualTo("yes");
        assertThat(ex.responseHeader("X-Handler")).isEqualTo("1");
        assertThat(ex.responseBodyText()).isEqualTo("HELLO");
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("5");
    }

    @Test
    void afterCodeSeesTheHandlerReturnValueAlreadySent() {
        AtomicReference<String> seen = new AtomicReference<>();
        app.use((req, res, next) -> {
            next.run();
            seen.set(new String(res.body(), StandardCharsets.UTF_8) + " as " + res.contentType());
        });
        app.get("/x", (req, res) -> Map.of("a", 1));

        get(app, "/x");

        assertThat(seen.get()).isEqualTo("{\"a\":1} as application/json");
    }

    @Test
    void notCallingNextShortCircuitsButOuterAfterCodeRuns() {
        AtomicInteger handlerCalls = new AtomicInteger();
        app.use(marker("outer"));
        app.use((req, res, next) -> {
            events.add("guard");
            res.status(401).json(Map.of("code", "UNAUTHORIZED", "message", "Log in"));
        });
        app.use(marker("skipped"));
        app.get("/x", (req, res) -> {
            handlerCalls.incrementAndGet();
            return "secret";
        });

        MemoryExchange ex = get(app, "/x");

        assertThat(ex.status()).isEqualTo(401);
        assertThat(jsonMap(ex)).isEqualTo(error("UNAUTHORIZED", "Log in"));
        assertThat(handlerCalls).hasValue(0);
        assertThat(events).containsExactly("outer>", "guard", "<outer");
    }

    @Test
    void anExceptionTravelsBackOutThroughNext() {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        app.use(marker("outer"));
        app.use((req, res, next) -> {
            try {
                next.run();
            } catch (IllegalStateException e) {
                caught.set(e);
                res.status(503).json(Map.of("code", "RECOVERED", "message", e.getMessage()));
            }
        });
        app.use((req, res, next) -> {
            events.add("inner>");
            next.run();
            events.add("never reached");
        });
        app.get("/x", (req, res) -> {
            res.header("X-Partial", "1").text("partial");
            throw new IllegalStateException("database down");
        });

        MemoryExchange ex = get(app, "/x");

        assertThat(caught.get()).hasMessage("database down");
        assertThat(ex.status()).isEqualTo(503);
        assertThat(jsonMap(ex)).isEqualTo(Map.of("code", "RECOVERED", "message", "database down"));
        assertThat(events).containsExactly("outer>", "inner>", "<outer");
    }

    @Test
    void anHttpExceptionFromMiddlewareBecomesItsErrorResponse() {
        app.use((req, res, next) -> {
            throw HttpException.forbidden("No entry");
        });
        app.get("/x", (req, res) -> "x");

        MemoryExchange ex = get(app, "/x");

        assertThat(ex.status()).isEqualTo(403);
        assertThat(jsonMap(ex)).isEqualTo(error("FORBIDDEN", "No entry"));
    }

    @Test
    void callingNextTwiceIsAnErrorNotASecondRun() {
        AtomicInteger handlerCalls = new AtomicInteger();
        AtomicReference<Throwable> second = new AtomicReference<>();
        app.use((req, res, next) -> {
            next.run();
            try {
                next.run();
            } catch (IllegalStateException e) {
                second.set(e);
                throw e;
            }
        });
        app.get("/x", (req, res) -> {
            handlerCalls.incrementAndGet();
            return "once";
        });

        MemoryExchange ex = get(app, "/x");

        assertThat(handlerCalls).hasValue(1);
        assertThat(second.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("next() was called twice");
        assertThat(ex.status()).isEqualTo(500);
        assertThat(jsonMap(ex)).isEqualTo(error("INTERNAL_SERVER_ERROR", "Internal Server Error"));
    }

    @Test
    void callingNextAgainAfterItThrewIsStillRefused() {
        AtomicInteger handlerCalls = new AtomicInteger();
        app.use((req, res, next) -> {
            try {
                next.run();
            } catch (HttpException e) {
                next.run(); // a "retry" must not run the handler again
            }
        });
        app.get("/x", (req, res) -> {
            handlerCalls.incrementAndGet();
            throw HttpException.conflict("busy");
        });

        MemoryExchange ex = get(app, "/x");

        assertThat(handlerCalls).hasValue(1);
        assertThat(ex.status()).isEqualTo(500);
    }

    @Test
    void groupAndRouteMiddlewareRunOuterToInner() {
        app.use(marker("global"));
        app.group("/api", List.of(marker("api")), api -> {
            api.group("/v1", List.of(marker("v1a"), marker("v1b")), v1 -> {
                v1.get("/items/:id", RouteOptions.of(marker("route1"), marker("route2")), (req, res) -> {
                    events.add("handler " + req.param("id"));
                    return null;
                });
            });
            api.get("/health", (req, res) -> {
                events.add("health");
                return "up";
            });
        });

        MemoryExchange ex = get(app, "/api/v1/items/9");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(events).containsExactly("global>", "api>", "v1a>", "v1b>", "route1>", "route2>", "handler 9",
                "<route2", "<route1", "<v1b", "<v1a", "<api", "<global");
        assertThat(app.routes()).containsExactly("GET /api/v1/items/:id", "GET /api/health");

        events.clear();
        assertThat(get(app, "/api/health").responseBodyText()).isEqualTo("up");
        assertThat(events).containsExactly("global>", "api>", "health", "<api", "<global");
    }

    @Test
    void groupMiddlewareDoesNotLeakOutOfTheGroup() {
        app.group("/admin", List.of((req, res, next) -> res.status(401)), admin -> admin.get("/x", (req, res) -> "x"));
        app.get("/public", (req, res) -> "public");

        assertThat(get(app, "/admin/x").status()).isEqualTo(401);
        assertThat(get(app, "/public").responseBodyText()).isEqualTo("public");
    }

    @Test
    void aMalformedGroupPrefixIsRefusedAtOnce() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> app.group("api", g -> { }))
                .withMessage("Route path 'api' must start with '/'");
    }

    @Test
    void notFoundPassesThroughGlobalMiddleware() {
        app.use(marker("global"));
        app.use((req, res, next) -> {
            next.run();
            res.header("X-Seen-By", "global");
        });
        app.get("/x", RouteOptions.of(marker("route")), (req, res) -> "x");

        MemoryExchange ex = get(app, "/nope");

        assertThat(ex.status()).isEqualTo(404);
        assertThat(ex.responseHeader("X-Seen-By")).isEqualTo("global");
        assertThat(jsonMap(ex)).isEqualTo(error("ROUTE_NOT_FOUND", "Cannot GET /nope"));
        assertThat(events).containsExactly("global>", "<global");
    }

    @Test
    void methodNotAllowedAndAutomaticOptionsPassThroughGlobalMiddleware() {
        app.use((req, res, next) -> {
            res.header("Access-Control-Allow-Origin", "*");
            next.run();
        });
        app.get("/x", (req, res) -> "x");

        MemoryExchange post = run(app, "POST", "/x");
        MemoryExchange options = run(app, "OPTIONS", "/x");

        assertThat(post.status()).isEqualTo(405);
        assertThat(post.responseHeader("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.responseHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    }

    @Test
    void globalMiddlewareCanAnswerAMissItself() {
        app.use((req, res, next) -> {
            if (req.path().startsWith("/legacy")) {
                res.redirect(301, "/new");
                return;
            }
            next.run();
        });

        MemoryExchange ex = get(app, "/legacy/page");

        assertThat(ex.status()).isEqualTo(301);
        assertThat(ex.responseHeader("Location")).isEqualTo("/new");
    }

    @Test
    void nullMiddlewareIsRefused() {
        assertThatNullPointerException()
                .isThrownBy(() -> app.use((Middleware) null))
                .withMessage("middleware must not be null");
        assertThatNullPointerException()
                .isThrownBy(() -> RouteOptions.of((Middleware) null))
                .withMessage("route middleware must not be null");
    }
}
