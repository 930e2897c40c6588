package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SlowBodySuite} on embedded Tomcat with its default thread pool. */
class TomcatSlowBodyTest extends SlowBodySuite {
    @RegisterExtension
    static final EmbeddedServerExtension PATIENT = EmbeddedServerExtension.on(ContainerType.TOMCAT, SlowBodySuite::patientApp);
    @RegisterExtension
    static final EmbeddedServerExtension STRICT = EmbeddedServerExtension.on(ContainerType.TOMCAT, SlowBodySuite::strictApp);
    @RegisterExtension
    static final EmbeddedServerExtension RATE = EmbeddedServerExtension.on(ContainerType.TOMCAT, SlowBodySuite::rateApp);

    @Override
    EmbeddedServerExtension patient() {
        return PATIENT;
    }

    @Override
    EmbeddedServerExtension strict() {
        return STRICT;
    }

    @Override
    EmbeddedServerExtension rate() {
        return RATE;
    }
}
