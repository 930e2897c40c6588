package dev.balda.internal;

import dev.balda.http.Middleware;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.Plugin;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The plugins' {@code before} and {@code after} steps of one request, run in order on the
 * request's thread, each stage awaited before the next: the global plugins' then the route's
 * before the chain, the reverse after it. A failed stage's exception is thrown as the chain's
 * would be.
 */
final class Stages {
    private static final Plugin[] NONE = new Plugin[0];

    private Stages() {
    }

    /** The plugins among some middleware, in order. */
    static Plugin[] plugins(Middleware[] middleware) {
        Plugin[] plugins = Arrays.stream(middleware).filter(Plugin.class::isInstance).map(Plugin.class::cast)
                .toArray(Plugin[]::new);
        return plugins.length == 0 ? NONE : plugins;
    }

    static void before(Plugin[] global, Plugin[] route, Request req, Response res) throws Exception {
        for (Plugin plugin : global) {
            await(plugin.before(req, res));
        }
        for (Plugin plugin : route) {
            await(plugin.before(req, res));
        }
    }

    static void after(Plugin[] global, Plugin[] route, Request req, Response res) throws Exception {
        for (int i = route.length - 1; i >= 0; i--) {
            await(route[i].after(req, res));
        }
        for (int i = global.length - 1; i >= 0; i--) {
            await(global[i].after(req, res));
        }
    }

    private static void await(CompletionStage<Void> stage) throws Exception {
        try {
            stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof Exception exception) {
                throw exception;
            }
            throw e;
        }
    }
}
