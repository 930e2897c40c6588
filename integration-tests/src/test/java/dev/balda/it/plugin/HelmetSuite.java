package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.plugin.helmet.HelmetHeader;
import dev.balda.plugin.helmet.HelmetPlugin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The helmet plugin's headers over real HTTP, on every kind of answer. */
abstract class HelmetSuite extends PluginSuite {

    @Override
    Balda app() {
        Balda app = Balda.create();
        app.use(HelmetPlugin.defaults());
        app.get("/", (req, res) -> "ok");
        app.get("/boom", (req, res) -> {
            throw new IllegalStateException("boom");
        });
        app.group("/custom", java.util.List.of(HelmetPlugin.builder()
                .set(HelmetHeader.X_FRAME_OPTIONS, "DENY").off(HelmetHeader.STRICT_TRANSPORT_SECURITY).build()), g ->
                g.get("/", (req, res) -> "custom"));
        return app;
    }

    @Test
    void balaJsDefaultsOnSuccessErrorNotFoundAndMethodNotAllowed() throws Exception {
        for (HttpResponse<String> r : java.util.List.of(get("/"), get("/boom"), get("/nope"), send("POST", "/"))) {
            HelmetPlugin.defaults().headers().forEach((name, value) ->
                    assertThat(r.headers().allValues(name)).as(r.statusCode() + " " + name).containsExactly(value));
        }
    }

    @Test
    void aGroupMayChangeOrDropHeadersForItsRoutes() throws Exception {
        HttpResponse<String> r = get("/custom");

        assertThat(r.headers().allValues("X-Frame-Options")).containsExactly("DENY");
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'self'");
    }
}
