package dev.balda.testkit.tomcat;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EngineContract;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The container-module contract on Tomcat, with this module alone on the class path: no Jasper,
 * so this also shows the default servlet, MIME types and WAR deployment work without it.
 */
class TomcatEngineTest extends EngineContract {
    @RegisterExtension
    static final EmbeddedServerExtension SERVER = EmbeddedServerExtension.on(ContainerType.TOMCAT, EngineContract::app);

    @Override
    protected ContainerType type() {
        return ContainerType.TOMCAT;
    }

    @Override
    protected String serverInfoPrefix() {
        return "Apache Tomcat/11.";
    }
}
