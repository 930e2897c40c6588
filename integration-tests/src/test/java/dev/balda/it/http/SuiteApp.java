package dev.balda.it.http;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.http.Cookie;
import dev.balda.http.HttpException;
import dev.balda.http.SameSite;
import dev.balda.sse.SseEvent;
import dev.balda.sse.SseStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The application the HTTP suite runs against on every container: one route per behaviour under
 * test. State that tests read back (SSE disconnects, users) lives in the instance, and each
 * container gets its own instance.
 */
final class SuiteApp {
    record NewUser(String name, int age) {
    }

    record User(int id, String name, int age) {
    }

    final Path bigFile;
    final CountDownLatch sseClientGone = new CountDownLatch(1);
    final AtomicInteger sseEventsSent = new AtomicInteger();
    private final Map<Integer, User> users = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    SuiteApp(Path bigFile) {
        this.bigFile = bigFile;
    }

    static Path createBigFile(Path dir) throws IOException {
        Path file = dir.resolve("big-data.bin");
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31 + 7);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 80; i++) { // 5 MiB
                out.write(block);
            }
        }
        return file;
    }

    Balda build() {
        Balda app = Balda.create(o -> o.requestIdHeader("X-Request-Id").maxBodySize(64 * 1024));

        // Global middleware: an onion that marks every response on the way out, 404s included.
        app.use((req, res, next) -> {
            res.header("X-Outer", "before");
            next.run();
            res.header("X-Outer", "after:" + res.status());
        });

        app.get("/", (req, res) -> res.html("<h1>suite</h1>"));
        app.get("/json", (req, res) -> Map.of("status", "ok"));
        app.get("/text", (req, res) -> "plain");
        app.get("/empty", (req, res) -> null);

        // Routing
        app.get("/users/me", (req, res) -> "me");
        app.get("/users/:id", (req, res) -> Map.of("route", "user", "id", req.param("id")));
        app.get("/users/:userId/posts", (req, res) -> Map.of("route", "posts", "userId", req.param("userId")));
        app.get("/files/*", (req, res) -> Map.of("rest", req.param("*")));
        app.put("/things/:id", (req, res) -> "put " + req.param("id"));
        app.delete("/things/:id", (req, res) -> res.noContent());
        app.get("/query", (req, res) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("q", req.query("q"));
            body.put("tags", req.queryAll("tag"));
            return body;
        });
        app.get("/request-info", (req, res) -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("method", req.method());
            body.put("path", req.path());
            body.put("contextPath", req.contextPath());
            body.put("url", req.url());
            body.put("ip", req.ip());
            body.put("id", req.id());
            body.put("idAgain", req.id());
            body.put("accept", req.header("ACCEPT"));
            body.put("multi", req.headers("X-Multi"));
            return body;
        });

        // Bodies
        app.post("/users", (req, res) -> {
            NewUser input = req.body(NewUser.class);
            if (input == null || input.name() == null || input.name().isBlank()) {
                throw new HttpException(422, "NAME_REQUIRED", "A user needs a name");
            }
            User user = new User(ids.incrementAndGet(), input.name(), input.age());
            users.put(user.id(), user);
            return res.created(user);
        });
        app.get("/users-by-id/:id", (req, res) -> {
            User user = users.get(parseId(req.param("id")));
            if (user == null) {
                throw HttpException.notFound("No user " + req.param("id"));
            }
            return user;
        });
        app.post("/echo", (req, res) -> res.contentType(req.contentType()).send(req.bodyBytes()));

        // Middleware
        app.group("/guarded", List.of((req, res, next) -> {
            if (!"secret".equals(req.header("X-Key"))) {
                res.unauthorized();
                return;
            }
            req.attribute("user", "alice");
            next.run();
        }), g -> g.get("/me", RouteOptions.of((req, res, next) -> {
            next.run();
            res.header("X-Route-After", "yes");
        }), (req, res) -> Map.of("user", req.attribute("user"))));

        // Response helpers
        app.get("/cookies", (req, res) -> res
                .cookie(Cookie.of("a", "1"))
                .cookie(Cookie.builder("b", "2").sameSite(SameSite.STRICT).httpOnly(false).build())
                .text("cookies"));
        app.get("/redirect", (req, res) -> res.redirect("/json"));
        app.get("/moved", (req, res) -> res.movedPermanently("/json"));
        app.get("/big-file", (req, res) -> res.file(bigFile));
        app.get("/download", (req, res) -> res.download(bigFile, "résumé data.bin"));
        app.get("/missing-file", (req, res) -> res.file(bigFile.resolveSibling("nope.bin")));
        app.get("/stream", (req, res) -> {
            OutputStream out = res.stream("text/plain; charset=utf-8");
            for (int i = 0; i < 100; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return null;
        });
        app.get("/sse", (req, res) -> {
            SseStream sse = res.sse();
            sse.send(SseEvent.builder().id("1").event("greeting").data("hello\nworld").build());
            sse.comment("heartbeat");
            sse.send("second");
            sse.close();
            return sse;
        });
        app.get("/sse-forever", (req, res) -> {
            SseStream sse = res.sse();
            sse.onClose(sseClientGone::countDown);
            // Writes until the client is gone; a vanished client turns a write into false.
            ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
            task[0] = ticker.scheduleAtFixedRate(() -> {
                if (!sse.send("tick " + sseEventsSent.incrementAndGet())) {
                    task[0].cancel(false);
                }
            }, 20, 20, TimeUnit.MILLISECONDS);
            return sse;
        });
        app.get("/sse-gone", (req, res) -> Map.of("gone", sseClientGone.getCount() == 0));

        // Errors
        app.get("/boom", (req, res) -> {
            throw new IllegalStateException("secret internals");
        });
        app.get("/teapot", (req, res) -> {
            throw new HttpException(418, "TEAPOT", "I am a teapot", Map.of("hint", "coffee elsewhere"), null);
        });
        app.get("/crlf", (req, res) -> res.header("X-Injected", "a\r\nSet-Cookie: evil=1").text("never"));
        app.get("/error-handler-fails", (req, res) -> {
            throw new IllegalArgumentException("handled badly");
        });
        app.get("/fail-mid-stream", (req, res) -> {
            OutputStream out = res.stream("text/plain");
            out.write("partial ".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("failed after the stream started");
        });
        app.get("/fail-mid-sse", (req, res) -> {
            SseStream sse = res.sse();
            sse.send("first");
            throw new IllegalStateException("failed after the SSE stream started");
        });
        app.get("/next-twice", RouteOptions.of((req, res, next) -> {
            next.run();
            next.run();
        }), (req, res) -> res.text("handler ran " + counter.incrementAndGet()));

        app.errorHandler((req, res, error) -> {
            if (error instanceof IllegalArgumentException && "handled badly".equals(error.getMessage())) {
                throw new IllegalStateException("the error handler itself failed");
            }
            if (error instanceof HttpException http) {
                res.status(http.status()).json(http.body());
                return;
            }
            res.status(500).json(Map.of("code", "INTERNAL_SERVER_ERROR", "message", "Internal Server Error",
                    "handledBy", "custom"));
        });
        return app;
    }

    final AtomicInteger counter = new AtomicInteger();
    final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse-ticker");
        t.setDaemon(true);
        return t;
    });

    private static int parseId(String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw HttpException.badRequest("User ids are numbers");
        }
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n")));
    }
}
