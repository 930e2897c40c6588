package dev.balda.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registered in an instance field, the extension starts a server for each test and stops it after. */
class EmbeddedServerExtensionPerTestTest {
    private static final List<EmbeddedServer> SEEN = new ArrayList<>();

    @RegisterExtension
    final EmbeddedServerExtension server = EmbeddedServerExtension.on(ContainerType.JETTY, () -> {
        Balda app = Balda.create();
        app.get("/", (req, res) -> "root");
        return app;
    });

    @AfterAll
    static void everyServerWasStoppedAfterItsTest() {
        assertThat(SEEN).allSatisfy(s -> assertThat(s.isRunning()).as("stopped after its test").isFalse());
    }

    @Test
    void aTestGetsItsOwnRunningServer(EmbeddedServer running) {
        check(running);
    }

    @Test
    void anotherTestGetsAnotherServer(EmbeddedServer running) {
        check(running);
    }

    private void check(EmbeddedServer running) {
        assertThat(running.isRunning()).isTrue();
        assertThat(running).isSameAs(server.server());
        assertThat(running.type()).isEqualTo(ContainerType.JETTY);
        // Servers of tests that ran before this one were stopped when they ended.
        assertThat(SEEN).doesNotContain(running)
                .allSatisfy(s -> assertThat(s.isRunning()).as("an earlier test's server").isFalse());
        SEEN.add(running);
    }
}
