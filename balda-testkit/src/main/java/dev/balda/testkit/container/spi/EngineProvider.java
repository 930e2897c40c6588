package dev.balda.testkit.container.spi;

import dev.balda.testkit.container.ContainerType;

/**
 * Makes the {@link Engine} of one {@link ContainerType}. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.balda.testkit.container.spi.EngineProvider}),
 * so a project has on its test class path only the containers it picked:
 * {@code balda-testkit-jetty} for {@link ContainerType#JETTY}, {@code balda-testkit-tomcat} for
 * {@link ContainerType#TOMCAT}. An implementation needs a public no-argument constructor.
 */
public interface EngineProvider {
    /** The container this provider starts. */
    ContainerType type();

    /** A new, not yet started engine serving what the configuration says. */
    Engine create(EngineConfig config);
}
