package dev.balda.testkit.jetty;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.spi.Engine;
import dev.balda.testkit.container.spi.EngineConfig;
import dev.balda.testkit.container.spi.EngineProvider;

/**
 * Starts embedded Jetty 12 (ee10) for {@link ContainerType#JETTY}. Found by
 * {@link dev.balda.testkit.container.EmbeddedServer} through {@link java.util.ServiceLoader}; tests
 * never name it.
 */
public final class JettyEngineProvider implements EngineProvider {
    @Override
    public ContainerType type() {
        return ContainerType.JETTY;
    }

    @Override
    public Engine create(EngineConfig config) {
        return new JettyEngine(config);
    }
}
