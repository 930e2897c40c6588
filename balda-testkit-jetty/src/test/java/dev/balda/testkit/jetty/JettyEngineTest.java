package dev.balda.testkit.jetty;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EngineContract;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The container-module contract on Jetty, with this module alone on the class path. */
class JettyEngineTest extends EngineContract {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.JETTY, EngineContract::app);

    @Override
    protected ContainerType type() {
        return ContainerType.JETTY;
    }

    @Override
    protected String serverInfoPrefix() {
        return "jetty/12.";
    }
}
