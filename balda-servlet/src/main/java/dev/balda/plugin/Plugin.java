package dev.balda.plugin;

import dev.balda.http.Middleware;
import java.util.Set;

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
 */
public interface Plugin extends Middleware {

    /** A short name ({@code "cookie"}, {@code "session"}), used in messages and by {@link #requires()}. */
    String name();

    /** Names of plugins that must be used too, and run before this one. */
    default Set<String> requires() {
        return Set.of();
    }

    /** Called once, before the application serves its first request. */
    default void start(PluginContext context) {
    }

    /** Called once when the application stops; releases what {@link #start} took. */
    default void stop() {
    }
}
