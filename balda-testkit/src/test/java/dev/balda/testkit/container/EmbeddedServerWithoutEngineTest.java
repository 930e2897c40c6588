package dev.balda.testkit.container;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The core testkit brings no container: asking for one says which module to add. */
class EmbeddedServerWithoutEngineTest {
    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void startingAContainerWithoutItsModuleNamesTheModule(ContainerType type) {
        Balda app = Balda.create();
        app.get("/", (req, res) -> "unused");
        assertThatThrownBy(() -> EmbeddedServer.start(type, app))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("No " + type + " engine on the class path: add the test dependency dev.balda:"
                        + type.artifactId() + " (the same version as balda-testkit) to start " + type);
    }
}
