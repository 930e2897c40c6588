package dev.balda.testkit.tomcat;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.spi.Engine;
import dev.balda.testkit.container.spi.EngineConfig;
import dev.balda.testkit.container.spi.EngineProvider;

/**
 * Starts embedded Tomcat 11 for {@link ContainerType#TOMCAT}. Found by
 * {@link dev.balda.testkit.container.EmbeddedServer} through {@link java.util.ServiceLoader}; tests
 * never name it.
 */
public final class TomcatEngineProvider implements EngineProvider {
    @Override
    public ContainerType type() {
        return ContainerType.TOMCAT;
    }

    @Override
    public Engine create(EngineConfig config) {
        return new TomcatEngine(config);
    }
}
