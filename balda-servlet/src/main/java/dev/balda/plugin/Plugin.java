package dev.balda.plugin;

import dev.balda.http.Middleware;
import dev.balda.http.Request;
import dev.balda.http.Response;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A plugin: middleware with immutable options and a name, turned on by listing it
 * ({@code app.use(CookiePlugin.defaults(), SessionPlugin.builder()...build())}) or on a route or
 * group ({@code RouteOptions.of(...)}). Absent means off. Plugins run in the order they are
 * listed, except that a plugin always runs after the plugins it {@link #requires()}: the session
 * plugin needs the cookie plugin, and runs after it wherever it is listed.
 *
 * <p>When the application starts, every plugin it uses is {@linkplain #start started} once (a
 * missing requirement or a plugin listed twice fails the start with a message saying what to
 * change); when it stops, every plugin is {@linkplain #stop stopped}. A plugin's options are
 * checked when the plugin is built, so a bad option fails at build time, naming the option.
 *
 * <h2>Work that waits on something</h2>
 * The middleware chain is synchronous, and nothing on a request's path may block on a peer or a
 * store. A plugin whose state lives elsewhere (a session store, a shared rate-limit counter, a
 * response cache) does that I/O at the edges of the request instead:
 * {@link #before(Request, Response)} runs after routing and before any middleware, and
 * {@link #after(Request, Response)} after the chain and before the response is written. Each
 * returns a stage that may complete later; the pipeline waits for it without holding a thread.
 * The {@code before} steps of a request run one after another in plugin run order (so a
 * trust-proxy plugin has set the client's address before a rate limiter reads it), the
 * {@code after} steps in reverse order; a step that fails is answered like an exception from the
 * chain. {@link #handle} then only reads what {@code before} prepared (a request attribute, say).
 */
public interface Plugin extends Middleware {

    /** A short name ({@code "cookie"}, {@code "session"}), used in messages and by {@link #requires()}. */
    String name();

    /** Names of plugins that must be used too, and run before this one. */
    default Set<String> requires() {
        return Set.of();
    }

    /** A stage that is already complete: what {@link #before} and {@link #after} return by default. */
    CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    /**
     * Work before the chain runs, after routing: loading what {@link #handle} will need. Runs only
     * for requests this plugin applies to (every request for a global plugin, the route's for a
     * route plugin), whether or not the chain reaches this plugin.
     */
    default CompletionStage<Void> before(Request req, Response res) {
        return DONE;
    }

    /** Work after the chain, before the response is written: saving what changed. */
    default CompletionStage<Void> after(Request req, Response res) {
        return DONE;
    }

    /** Called once, before the application serves its first request. */
    default void start(PluginContext context) {
    }

    /** Called once when the application stops; releases what {@link #start} took. */
    default void stop() {
    }
}
