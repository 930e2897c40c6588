package dev.balda.testkit.mock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.http.UploadedFile;
import dev.balda.plugin.body.BodyParserPlugin;
import dev.balda.plugin.cookie.CookiePlugin;
import dev.balda.plugin.methodoverride.MethodOverridePlugin;
import dev.balda.plugin.session.Session;
import dev.balda.plugin.session.SessionPlugin;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mock server runs the plugins of part one (what arrives with a request): the same answers as a container. */
class MockServerRequestPluginsTest {

    private static MockServer server() {
        Balda app = Balda.create();
        app.use(CookiePlugin.defaults(), SessionPlugin.defaults(), BodyParserPlugin.defaults(),
                MethodOverridePlugin.defaults());
        app.get("/visits", (req, res) -> {
            Session session = Session.of(req);
            Integer visits = session.get("visits");
            session.set("visits", visits == null ? 1 : visits + 1);
            return Map.of("visits", session.get("visits"));
        });
        app.post("/upload", (req, res) -> {
            UploadedFile file = req.file("doc");
            return Map.of("title", req.formParam("title"), "file", file.filename(),
                    "content", new String(file.bytes(), StandardCharsets.UTF_8));
        });
        app.delete("/items/:id", (req, res) -> Map.of("deleted", req.param("id")));
        return MockServer.of(app);
    }

    @Test
    void sessionsCookiesUploadsAndMethodOverrideWorkInTheMockServer() {
        MockServer server = server();
        MockResponse first = server.get("/visits").send().assertStatus(200).assertBodyDeepEqual(Map.of("visits", 1));
        String sid = first.cookie("sid").value();
        server.get("/visits").cookie("sid", sid).send().assertBodyDeepEqual(Map.of("visits", 2));

        server.post("/upload").multipart(parts -> parts.field("title", "Report")
                        .file("doc", "a.txt", "text/plain", "hello"))
                .send().assertStatus(200)
                .assertBodyDeepEqual(Map.of("title", "Report", "file", "a.txt", "content", "hello"));

        server.post("/items/7").header("X-HTTP-Method-Override", "DELETE").send()
                .assertBodyDeepEqual(Map.of("deleted", "7"));
        assertThat(first.cookie("sid").value()).hasSize(32);
    }

    @Test
    void refusalsAreTheSameAsOnAContainer() {
        MockServer server = server();
        server.post("/upload").body("{\"a\":", "application/json").send().assertStatus(400)
                .assertBodySubset(Map.of("code", "INVALID_JSON"));
        server.post("/upload").multipart(parts -> parts.file("doc", "../x.txt", "text/plain", "x")).send()
                .assertStatus(400).assertBodySubset(Map.of("code", "UNSAFE_FILENAME"));
        server.post("/items/7").header("X-HTTP-Method-Override", "DELETE").header("Origin", "https://evil.example")
                .send().assertStatus(403).assertBodySubset(Map.of("code", "CROSS_SITE_METHOD_OVERRIDE"));
    }
}
