package dev.balda.plugin.methodoverride;

import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.internal.MemoryExchange;
import org.junit.jupiter.api.Test;

class MethodOverridePluginTest {

    private static Balda app(MethodOverridePlugin plugin) {
        Balda app = Balda.create();
        app.use(plugin);
        app.post("/x", (req, res) -> "post");
        app.delete("/x", (req, res) -> "delete from " + req.originalMethod());
        app.patch("/x", (req, res) -> "patch");
        return app;
    }

    @Test
    void theHeaderOrTheFormFieldRoutesThePostAsAnotherMethod() {
        Balda app = app(MethodOverridePlugin.builder().formField("_method").build());
        assertThat(run(app, MemoryExchange.request("POST", "/x").header("X-HTTP-Method-Override", "DELETE"))
                .responseBodyText()).isEqualTo("delete from POST");
        assertThat(run(app, MemoryExchange.request("POST", "/x").header("Content-Type", "application/x-www-form-urlencoded")
                .body("a=1&_method=patch")).responseBodyText()).isEqualTo("patch");
        assertThat(run(app, MemoryExchange.request("POST", "/x")).responseBodyText()).isEqualTo("post");
        Balda headerOnly = app(MethodOverridePlugin.defaults());
        assertThat(run(headerOnly, MemoryExchange.request("POST", "/x").header("Content-Type",
                "application/x-www-form-urlencoded").body("_method=DELETE")).responseBodyText()).isEqualTo("post");
    }

    @Test
    void refusals() {
        Balda app = app(MethodOverridePlugin.defaults());
        MemoryExchange get = run(app, MemoryExchange.request("POST", "/x").header("X-HTTP-Method-Override", "GET"));
        assertThat(get.status()).isEqualTo(400);
        MemoryExchange cross = run(app, MemoryExchange.request("POST", "/x").header("Host", "app.example")
                .header("Origin", "https://evil.example").header("X-HTTP-Method-Override", "DELETE"));
        assertThat(cross.status()).isEqualTo(403);
        assertThat(json(cross).get("code").asText()).isEqualTo("CROSS_SITE_METHOD_OVERRIDE");
        MemoryExchange same = run(app, MemoryExchange.request("POST", "/x").header("Host", "app.example")
                .header("Origin", "https://app.example").header("X-HTTP-Method-Override", "DELETE"));
        assertThat(same.responseBodyText()).isEqualTo("delete from POST");
        MemoryExchange nullOrigin = run(app, MemoryExchange.request("POST", "/x").header("Origin", "null")
                .header("X-HTTP-Method-Override", "DELETE"));
        assertThat(nullOrigin.status()).isEqualTo(403);
    }

    @Test
    void itActsBeforeRoutingSoItCannotBeARoutePlugin() {
        Balda app = Balda.create();
        app.post("/x", RouteOptions.of(MethodOverridePlugin.defaults()), (req, res) -> "post");
        assertThatIllegalStateException().isThrownBy(app::start).withMessageContaining("acts before routing");
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> MethodOverridePlugin.builder().header(null).build());
        assertThatIllegalArgumentException().isThrownBy(() -> MethodOverridePlugin.builder().methods("POST").build());
        assertThatIllegalArgumentException().isThrownBy(() -> MethodOverridePlugin.builder().methods().build());
    }
}
