package dev.balda.example;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.error.HttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The example application. The WAR has no {@code web.xml}: the container finds this class through
 * Balda's {@code ServletContainerInitializer} and registers the filter on {@code /*}, so Balda
 * owns every path (unknown ones get the JSON 404).
 *
 * <ul>
 *   <li>{@code GET /} the page, served by a Balda route</li>
 *   <li>{@code GET /api/health} {@code {"status":"ok"}}</li>
 *   <li>{@code POST /api/users} JSON in, 201 with the created user out</li>
 *   <li>{@code GET /api/users/:id} a user, or the JSON 404</li>
 *   <li>{@code GET /api/boom} throws, to show the 500 body</li>
 * </ul>
 */
public final class ExampleApp implements BaldaApplication {
    static final int MAX_USERS = 10_000;

    @Override
    public void configure(Balda app) {
        UserStore users = new UserStore(MAX_USERS);
        String page = resource("/web/index.html");

        app.get("/", (req, res) -> res.html(page));
        app.get("/api/health", (req, res) -> Map.of("status", "ok"));

        app.group("/api/users", List.of(), api -> {
            api.post("/", (req, res) -> {
                NewUser input = req.body(NewUser.class);
                if (input == null) {
                    throw HttpException.badRequest("Send a JSON body such as {\"name\":\"Ada\"}");
                }
                List<Map<String, String>> problems = input.problems();
                if (!problems.isEmpty()) {
                    throw new HttpException(422, "VALIDATION_FAILED", "validation failed", Map.of("errors", problems), null);
                }
                return res.created(users.add(input));
            });
            api.get("/:id", (req, res) -> users.find(parseId(req.param("id")))
                    .orElseThrow(() -> HttpException.notFound("No user with id " + req.param("id"))));
        });

        app.get("/api/boom", (req, res) -> {
            throw new IllegalStateException("This route fails on purpose; its details stay in the server log");
        });
    }

    private static long parseId(String raw) {
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw HttpException.notFound("No user with id " + raw);
        }
    }

    private static String resource(String path) {
        try (InputStream in = ExampleApp.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
