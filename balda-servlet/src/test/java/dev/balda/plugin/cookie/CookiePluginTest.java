package dev.balda.plugin.cookie;

import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CookiePluginTest {
    static final String SECRET = "s".repeat(32);
    static final String OLD = "o".repeat(32);

    private static Balda app(CookiePlugin plugin) {
        Balda app = Balda.create();
        app.use(plugin);
        app.get("/cookies", (req, res) -> req.cookies());
        app.get("/signed", (req, res) -> String.valueOf(req.signedCookie("v")));
        app.get("/set", (req, res) -> res.cookie("v", "1", c -> c.signed(true)).noContent());
        return app;
    }

    private static MemoryExchange get(Balda app, String target, String cookie) {
        return run(app, MemoryExchange.request("GET", target).header("Cookie", cookie));
    }

    @Test
    void parsesPairsSkipsMalformedOnesAndKeepsTheFirstOfARepeatedName() {
        MemoryExchange r = get(app(CookiePlugin.defaults()), "/cookies", "a=1; ; b=\"q\"; c; =d; e=x\\y; g=a,b; a=2; f=");
        assertThat(json(r).toString()).isEqualTo("{\"a\":\"1\",\"b\":\"q\",\"f\":\"\"}");
    }

    @Test
    void severalCookieHeadersAreJoined() {
        MemoryExchange r = run(app(CookiePlugin.defaults()), MemoryExchange.request("GET", "/cookies")
                .header("Cookie", "a=1").header("Cookie", "b=2"));
        assertThat(json(r).toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    }

    @Test
    void atMostMaxPairsAreKeptAndAnOversizedHeaderIs431() {
        Balda app = app(CookiePlugin.builder().maxPairs(2).maxHeaderBytes(20).build());
        assertThat(json(get(app, "/cookies", "a=1; b=2; c=3")).toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
        MemoryExchange big = get(app, "/cookies", "a=" + "x".repeat(19));
        assertThat(big.status()).isEqualTo(431);
        assertThat(json(big).get("code").asText()).isEqualTo("REQUEST_HEADER_FIELDS_TOO_LARGE");
        // The defaults: 8 KiB and 50 pairs.
        Balda defaults = app(CookiePlugin.defaults());
        assertThat(get(defaults, "/cookies", "a=" + "x".repeat(9 * 1024)).status()).isEqualTo(431);
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 51; i++) {
            many.append("k").append(i).append("=v; ");
        }
        assertThat(json(get(defaults, "/cookies", many.toString())).size()).isEqualTo(50);
    }

    @Test
    void signedCookiesVerifyWithAnySecretAndForgedOnesDoNot() {
        Balda app = app(CookiePlugin.builder().secrets(SECRET, OLD).build());
        String setCookie = run(app, MemoryExchange.request("GET", "/set")).responseHeader("Set-Cookie");
        String value = setCookie.substring(2, setCookie.indexOf(';'));
        assertThat(value).isEqualTo(new CookieSigner(List.of(SECRET)).sign("v", "1"));
        assertThat(get(app, "/signed", "v=" + value).responseBodyText()).isEqualTo("1");
        assertThat(get(app, "/signed", "v=" + new CookieSigner(List.of(OLD)).sign("v", "2")).responseBodyText())
                .isEqualTo("2");
        assertThat(get(app, "/signed", "v=1.bad").responseBodyText()).isEqualTo("null");
        assertThat(get(app, "/signed", "v=1").responseBodyText()).isEqualTo("null");
    }

    @Test
    void withoutThePluginCookiesAndSigningSayWhatToAdd() {
        Balda app = Balda.create();
        app.get("/cookie", (req, res) -> req.cookie("a"));
        app.get("/set", (req, res) -> res.cookie("v", "1", c -> c.signed(true)));
        Balda dev = Balda.create(o -> o.developmentMode(true));
        dev.get("/cookie", (req, res) -> req.cookie("a"));
        MemoryExchange r = run(dev, MemoryExchange.request("GET", "/cookie"));
        assertThat(r.status()).isEqualTo(500);
        assertThat(json(r).get("error").asText()).contains("add app.use(CookiePlugin.defaults())");
        assertThat(run(app, MemoryExchange.request("GET", "/set")).status()).isEqualTo(500);
        Balda unsigned = app(CookiePlugin.defaults());
        assertThat(run(unsigned, MemoryExchange.request("GET", "/set")).status()).isEqualTo(500);
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> CookiePlugin.builder().secrets("short").build())
                .withMessageContaining("at least 32 characters");
        assertThatIllegalArgumentException().isThrownBy(() -> CookiePlugin.builder().maxPairs(0).build())
                .withMessageStartingWith("maxPairs");
        assertThatIllegalArgumentException().isThrownBy(() -> CookiePlugin.builder().maxHeaderBytes(-1).build())
                .withMessageStartingWith("maxHeaderBytes");
        assertThat(Map.of()).isEmpty();
    }
}
