package dev.balda.internal;

import dev.balda.BaldaOptions;
import dev.balda.http.Middleware;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.PluginContext;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one application: it checks their requirements and puts each plugin after the
 * plugins it requires (otherwise keeping the order they were listed in), then starts them, and
 * stops them when the application stops.
 */
public final class PluginSet {
    private static final Logger LOG = LoggerFactory.getLogger(PluginSet.class);

    private final List<Plugin> started = new ArrayList<>();
    private final Context context;

    public PluginSet(BaldaOptions options) {
        this.context = new Context(options);
    }

    /**
     * Orders the global middleware so that required plugins come first, checks requirements
     * against the global plugins and, for each route, its own, then starts every plugin once.
     *
     * @param global the global middleware in listed order
     * @param routes each route's middleware, with a description for messages ({@code GET /users})
     * @return the global middleware in run order
     * @throws IllegalStateException naming the plugin and what to add or remove
     */
    public Middleware[] prepare(List<Middleware> global, Map<String, List<Middleware>> routes) {
        List<Middleware> ordered = order(global, "the global middleware");
        Map<String, Plugin> globalPlugins = byName(ordered, "the global middleware");
        routes.forEach((route, middleware) -> {
            Map<String, Plugin> available = new LinkedHashMap<>(globalPlugins);
            for (Map.Entry<String, Plugin> own : byName(middleware, route).entrySet()) {
                if (available.containsKey(own.getKey()) && globalPlugins.containsKey(own.getKey())) {
                    continue; // a route may configure a plugin differently from the global one
                }
                available.put(own.getKey(), own.getValue());
            }
            check(byName(middleware, route).values(), available, route);
        });
        check(globalPlugins.values(), globalPlugins, "the global middleware");
        routes.forEach((route, middleware) -> middleware.stream()
                .filter(m -> m instanceof Plugin && m instanceof dev.balda.plugin.BeforeRouting hook && !hook.worksOnRoutes())
                .findFirst()
                .ifPresent(m -> {
                    throw new IllegalStateException("The " + ((Plugin) m).name() + " plugin acts before routing, so it"
                            + " cannot be used on " + route + " alone: add it to app.use(...)");
                }));
        Set<Plugin> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<Plugin> all = new ArrayList<>(globalPlugins.values());
        routes.values().forEach(list -> list.stream().filter(Plugin.class::isInstance).map(Plugin.class::cast)
                .forEach(all::add));
        for (Plugin plugin : all) {
            if (seen.add(plugin)) {
                plugin.start(context);
                started.add(plugin);
            }
        }
        return ordered.toArray(new Middleware[0]);
    }

    /** The application's scheduler (plugins' periodic work, the engine's body deadlines). */
    public ScheduledExecutorService scheduler() {
        return context.scheduler();
    }

    /** Stops the started plugins in reverse order, then the plugins' scheduler. */
    public void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).stop();
            } catch (RuntimeException e) {
                LOG.warn("The {} plugin failed to stop", started.get(i).name(), e);
            }
        }
        started.clear();
        context.shutdown();
    }

    /** Stable order with every plugin after the plugins it requires that are in the same list. */
    private static List<Middleware> order(List<Middleware> listed, String where) {
        List<Middleware> ordered = new ArrayList<>(listed);
        Map<String, Plugin> names = byName(listed, where);
        boolean moved = true;
        for (int pass = 0; moved && pass <= ordered.size(); pass++) {
            moved = false;
            for (int i = 0; i < ordered.size(); i++) {
                if (!(ordered.get(i) instanceof Plugin plugin)) {
                    continue;
                }
                for (String required : plugin.requires()) {
                    Plugin before = names.get(required);
                    int at = before == null ? -1 : ordered.indexOf(before);
                    if (at > i) {
                        ordered.remove(at);
                        ordered.add(i, before);
                        moved = true;
                    }
                }
            }
        }
        return ordered;
    }

    private static Map<String, Plugin> byName(List<Middleware> middleware, String where) {
        Map<String, Plugin> plugins = new LinkedHashMap<>();
        for (Middleware m : middleware) {
            if (m instanceof Plugin plugin && plugins.putIfAbsent(plugin.name(), plugin) != null) {
                throw new IllegalStateException("The " + plugin.name() + " plugin is listed twice in " + where
                        + "; list it once, with all its options");
            }
        }
        return plugins;
    }

    private static void check(Iterable<Plugin> plugins, Map<String, Plugin> available, String where) {
        for (Plugin plugin : plugins) {
            for (String required : plugin.requires()) {
                if (!available.containsKey(required)) {
                    throw new IllegalStateException("The " + plugin.name() + " plugin in " + where + " needs the "
                            + required + " plugin: add it to app.use(...) (it runs before " + plugin.name()
                            + " wherever it is listed)");
                }
            }
        }
    }

    /** The context handed to plugins; its scheduler is created on first use. */
    private static final class Context implements PluginContext {
        private final BaldaOptions options;
        private ScheduledThreadPoolExecutor scheduler;

        Context(BaldaOptions options) {
            this.options = options;
        }

        @Override
        public BaldaOptions options() {
            return options;
        }

        @Override
        public synchronized ScheduledExecutorService scheduler() {
            if (scheduler == null) {
                scheduler = new ScheduledThreadPoolExecutor(1, runnable -> {
                    Thread thread = new Thread(runnable, "balda-plugins");
                    thread.setDaemon(true);
                    return thread;
                });
                scheduler.setRemoveOnCancelPolicy(true);
            }
            return scheduler;
        }

        synchronized void shutdown() {
            if (scheduler != null) {
                scheduler.shutdownNow();
                scheduler = null;
            }
        }
    }
}
