package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.testkit.mock.MockServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's mock-server example, run. */
class ShopAppMockTest {
    @Test
    void createsAUserAndAnswersTheJson404() {
        // tag::mock-server[]
        MockServer server = MockServer.of(Balda.from(new ShopApp()));
        server.post("/api/users").json(Map.of("name", "Ada")).send()
                .assertStatus(201)
                .assertBodySubset(Map.of("name", "Ada"));
        server.get("/nope").send().assertStatus(404).assertBodyDeepEqual(Map.of(
                "code", "ROUTE_NOT_FOUND", "message", "Cannot GET /nope"));
        // end::mock-server[]
    }
}
