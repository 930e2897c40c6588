package dev.balda.internal;

import dev.balda.http.Middleware;
import dev.balda.plugin.Plugin;
import java.util.Arrays;

/** Picks the plugins out of a middleware list, whose stages {@link RequestRun} runs. */
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
}
