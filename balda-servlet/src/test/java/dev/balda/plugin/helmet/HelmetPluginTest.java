package dev.balda.plugin.helmet;

import static dev.balda.Exchanges.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HelmetPluginTest {
    private static final Map<String, String> BALDA_JS_DEFAULTS = new LinkedHashMap<>();

    static {
        BALDA_JS_DEFAULTS.put("X-DNS-Prefetch-Control", "off");
        BALDA_JS_DEFAULTS.put("X-Frame-Options", "SAMEORIGIN");
        BALDA_JS_DEFAULTS.put("Strict-Transport-Security", "max-age=15552000; includeSubDomains");
        BALDA_JS_DEFAULTS.put("X-Content-Type-Options", "nosniff");
        BALDA_JS_DEFAULTS.put("X-Download-Options", "noopen");
        BALDA_JS_DEFAULTS.put("Referrer-Policy", "no-referrer");
        BALDA_JS_DEFAULTS.put("Cross-Origin-Resource-Policy", "same-origin");
        BALDA_JS_DEFAULTS.put("Cross-Origin-Opener-Policy", "same-origin");
        BALDA_JS_DEFAULTS.put("Cross-Origin-Embedder-Policy", "require-corp");
        BALDA_JS_DEFAULTS.put("Content-Security-Policy", "default-src 'self'");
        BALDA_JS_DEFAULTS.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        BALDA_JS_DEFAULTS.put("Origin-Agent-Cluster", "?1");
    }

    private static MemoryExchange answer(HelmetPlugin helmet, String path) {
        Balda app = Balda.create();
        app.use(helmet);
        app.get("/", (req, res) -> "ok");
        app.get("/framed", (req, res) -> res.header("X-Frame-Options", "DENY").send("own"));
        app.get("/boom", (req, res) -> {
            throw new IllegalStateException("boom");
        });
        return get(app, path);
    }

    @Test
    void theTwelveHeadersWithBaldaJsDefaults() {
        MemoryExchange ex = answer(HelmetPlugin.defaults(), "/");

        BALDA_JS_DEFAULTS.forEach((name, value) -> assertThat(ex.responseHeader(name)).as(name).isEqualTo(value));
        assertThat(HelmetPlugin.defaults().headers()).isEqualTo(BALDA_JS_DEFAULTS);
    }

    @Test
    void errorsAnd404sCarryThemToo() {
        assertThat(answer(HelmetPlugin.defaults(), "/boom").responseHeader("Content-Security-Policy")).isEqualTo("default-src 'self'");
        MemoryExchange notFound = answer(HelmetPlugin.defaults(), "/nope");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.responseHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void eachHeaderCanBeChanged() {
        HelmetPlugin helmet = HelmetPlugin.builder()
                .set(HelmetHeader.CONTENT_SECURITY_POLICY, "default-src 'self'; img-src 'self' data:")
                .set(HelmetHeader.X_FRAME_OPTIONS, "DENY")
                .set(HelmetHeader.REFERRER_POLICY, "no-referrer, strict-origin-when-cross-origin")
                .set(HelmetHeader.STRICT_TRANSPORT_SECURITY, "max-age=63072000; includeSubDomains; preload")
                .build();

        MemoryExchange ex = answer(helmet, "/");

        assertThat(ex.responseHeader("Content-Security-Policy")).isEqualTo("default-src 'self'; img-src 'self' data:");
        assertThat(ex.responseHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(ex.responseHeader("Referrer-Policy")).isEqualTo("no-referrer, strict-origin-when-cross-origin");
        assertThat(ex.responseHeader("Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains; preload");
    }

    @Test
    void eachHeaderCanBeTurnedOff() {
        HelmetPlugin helmet = HelmetPlugin.builder().off(HelmetHeader.values()).set(HelmetHeader.ORIGIN_AGENT_CLUSTER, "?0")
                .build();

        MemoryExchange ex = answer(helmet, "/");

        for (HelmetHeader header : HelmetHeader.values()) {
            if (header != HelmetHeader.ORIGIN_AGENT_CLUSTER) {
                assertThat(ex.responseHeader(header.headerName())).as(header.headerName()).isNull();
            }
        }
        assertThat(ex.responseHeader("Origin-Agent-Cluster")).isEqualTo("?0");
    }

    @Test
    void onARouteItDecidesForTheRouteOverTheGlobalOne() {
        Balda app = Balda.create();
        app.use(HelmetPlugin.defaults());
        app.get("/embeddable", dev.balda.RouteOptions.of(HelmetPlugin.builder().off(HelmetHeader.X_FRAME_OPTIONS)
                .set(HelmetHeader.CONTENT_SECURITY_POLICY, "frame-ancestors *").build()), (req, res) -> "widget");

        MemoryExchange ex = get(app, "/embeddable");

        assertThat(ex.responseHeader("X-Frame-Options")).isNull();
        assertThat(ex.responseHeaders("Content-Security-Policy")).containsExactly("frame-ancestors *");
        assertThat(ex.responseHeader("Referrer-Policy")).isEqualTo("no-referrer");
    }

    @Test
    void aHandlerMayReplaceOneForItsOwnResponse() {
        assertThat(answer(HelmetPlugin.defaults(), "/framed").responseHeaders("X-Frame-Options")).containsExactly("DENY");
    }

    @Test
    void valuesAHeaderDoesNotTakeAreRefusedWhenBuilt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HelmetPlugin.builder().set(HelmetHeader.X_FRAME_OPTIONS, "ALLOW-FROM x").build())
                .withMessageContaining("X_FRAME_OPTIONS").withMessageContaining("[DENY, SAMEORIGIN]");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HelmetPlugin.builder().set(HelmetHeader.REFERRER_POLICY, "never").build())
                .withMessageContaining("REFERRER_POLICY");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HelmetPlugin.builder().set(HelmetHeader.STRICT_TRANSPORT_SECURITY, "1 year").build())
                .withMessageContaining("max-age=<seconds>");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HelmetPlugin.builder().set(HelmetHeader.CONTENT_SECURITY_POLICY, "a\r\nb").build())
                .withMessageContaining("CONTENT_SECURITY_POLICY");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> HelmetPlugin.builder().set(HelmetHeader.PERMISSIONS_POLICY, " ").build())
                .withMessageContaining("turn the header off");
    }
}
