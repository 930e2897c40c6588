package ${package};

import dev.balda.Balda;
import dev.balda.testkit.mock.MockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP routes in-process, through the same pipeline the container runs: no socket, no container. */
class AppMockTest {
    private final MockServer server = MockServer.of(Balda.from(new App()));

    @Test
    void helloGreetsByName() {
        server.get("/api/hello").query("name", "Ada").send()
                .assertStatus(200)
                .assertBodyDeepEqual(Map.of("message", "Hello, Ada"));
    }

    @Test
    void anUnknownPathIsTheJson404() {
        server.get("/nope").send()
                .assertStatus(404)
                .assertBodySubset(Map.of("code", "ROUTE_NOT_FOUND"));
    }
}
