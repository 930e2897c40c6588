package dev.balda.it.plugin;

import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link SlowBodySuite} on embedded Jetty with its default thread pool. */
class JettySlowBodyTest extends SlowBodySuite {
    @RegisterExtension
    static final EmbeddedServerExtension PATIENT = EmbeddedServerExtension.on(ContainerType.JETTY, SlowBodySuite::patientApp);
    @RegisterExtension
    static final EmbeddedServerExtension STRICT = EmbeddedServerExtension.on(ContainerType.JETTY, SlowBodySuite::strictApp);
    @RegisterExtension
    static final EmbeddedServerExtension RATE = EmbeddedServerExtension.on(ContainerType.JETTY, SlowBodySuite::rateApp);

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
