package dev.balda.testkit.container.spi;

import dev.balda.testkit.container.ContextInitializer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link Engine} serves, as checked by {@link dev.balda.testkit.container.EmbeddedServer.Builder}:
 * either a WAR ({@link #war()} not {@code null}) or a context set up in code (initializers, and
 * optionally static files from {@link #staticRoot()}), never both.
 *
 * @param host         the address to bind
 * @param port         the port, 0 for a free one
 * @param contextPath  {@code ""} for the root context, or a path such as {@code /shop}
 * @param war          a WAR file or exploded WAR directory, or {@code null}
 * @param staticRoot   a directory served by the container's default servlet, or {@code null}
 * @param initializers code that sets up the context at start-up, in order
 */
public record EngineConfig(String host, int port, String contextPath, Path war, Path staticRoot,
                           List<ContextInitializer> initializers) {
    public EngineConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(contextPath, "contextPath");
        initializers = List.copyOf(initializers);
    }
}
