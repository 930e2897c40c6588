package dev.balda.http;

/**
 * What a route runs once its middleware has called {@code next}. A handler either writes the
 * response through {@link Response} (and returns it, or {@code null}), or returns a value that is
 * sent as {@link Response#send(Object)} would send it: a {@code String} as text, a {@code byte[]}
 * as bytes, any other object as JSON.
 *
 * <pre>{@code
 * app.get("/users/:id", (req, res) -> users.find(req.param("id")));      // sent as JSON
 * app.post("/users", (req, res) -> res.created(users.add(req.body(NewUser.class))));
 * }</pre>
 *
 * <p>An exception thrown here travels back out through every middleware's {@code next} call; an
 * uncaught {@code HttpException} becomes its status and error body, anything else a 500.
 */
@FunctionalInterface
public interface Handler {
    Object handle(Request req, Response res) throws Exception;
}
