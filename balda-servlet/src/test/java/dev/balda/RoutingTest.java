package dev.balda;

import static dev.balda.Exchanges.error;
import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.internal.MemoryExchange;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing as a client sees it: the real pipeline over {@link MemoryExchange}. */
class RoutingTest {
    private final Balda app = Balda.create();

    @Test
    void unknownPathIs404WithTheStandardBody() {
        app.get("/users", (req, res) -> "users");

        MemoryExchange ex = get(app, "/nope");

        assertThat(ex.status()).isEqualTo(404);
        assertThat(ex.responseBodyText()).isEqualTo("{\"code\":\"ROUTE_NOT_FOUND\",\"message\":\"Cannot GET /nope\"}");
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void theNotFoundMessageNamesMethodAndPathWithoutQuery() {
        MemoryExchange ex = run(app, "DELETE", "/a/b?x=1");

        assertThat(jsonMap(ex)).isEqualTo(error("ROUTE_NOT_FOUND", "Cannot DELETE /a/b"));
    }

    @Test
    void pathWithoutTheMethodIs405WithAllow() {
        app.get("/users", (req, res) -> "list");
        app.post("/users", (req, res) -> "add");

        MemoryExchange ex = run(app, "PUT", "/users");

        assertThat(ex.status()).isEqualTo(405);
        assertThat(ex.responseHeader("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
        assertThat(jsonMap(ex)).isEqualTo(error("METHOD_NOT_ALLOWED", "Method PUT is not allowed for /users"));
    }

    @Test
    void optionsWithoutARouteIs204WithAllow() {
        app.get("/users/:id", (req, res) -> "one");
        app.delete("/users/:id", (req, res) -> null);

        MemoryExchange ex = run(app, "OPTIONS", "/users/5");

        assertThat(ex.status()).isEqualTo(204);
        assertThat(ex.responseHeader("Allow")).isEqualTo("DELETE, GET, HEAD, OPTIONS");
        assertThat(ex.responseBodyBytes()).isEmpty();
    }

    @Test
    void anExplicitOptionsRouteWins() {
        app.get("/x", (req, res) -> "x");
        app.options("/x", (req, res) -> res.status(200).header("Allow", "GET").text("custom"));

        MemoryExchange ex = run(app, "OPTIONS", "/x");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("custom");
    }

    @Test
    void optionsOnAnUnknownPathIs404() {
        app.get("/x", (req, res) -> "x");

        assertThat(run(app, "OPTIONS", "/y").status()).isEqualTo(404);
    }

    @Test
    void headIsServedByGetWithLengthAndNoBody() {
        int[] calls = {0};
        app.get("/page", (req, res) -> {
            calls[0]++;
            assertThat(req.method()).isEqualTo("HEAD");
            return "hello, world";
        });

        MemoryExchange ex = run(app, "HEAD", "/page");

        assertThat(calls[0]).isEqualTo(1);
        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("12");
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(ex.responseBodyBytes()).isEmpty();
    }

    @Test
    void headOnAMissIsStillBodiless() {
        MemoryExchange ex = run(app, "HEAD", "/nope");

        assertThat(ex.status()).isEqualTo(404);
        assertThat(ex.responseBodyBytes()).isEmpty();
        assertThat(Long.parseLong(ex.responseHeader("Content-Length"))).isPositive();
    }

    @Test
    void anExplicitAllRouteYieldsToAnExplicitMethod() {
        app.all("/thing", (req, res) -> "all " + req.method());
        app.post("/thing", (req, res) -> "post");

        assertThat(run(app, "POST", "/thing").responseBodyText()).isEqualTo("post");
        assertThat(run(app, "PATCH", "/thing").responseBodyText()).isEqualTo("all PATCH");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users", "/users/", "//users", "/users//", "///users///"})
    void trailingAndRepeatedSlashesAreTolerated(String target) {
        app.get("/users", (req, res) -> "users");

        MemoryExchange ex = get(app, target);

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("users");
    }

    @Test
    void repeatedSlashesBetweenParams() {
        app.get("/users/:id/posts", (req, res) -> req.param("id"));

        assertThat(get(app, "//users//42//posts/").responseBodyText()).isEqualTo("42");
    }

    @Test
    void pathParametersAfterASemicolonAreIgnored() {
        app.get("/users/:id", (req, res) -> req.param("id"));

        assertThat(get(app, "/users;jsessionid=ABC/42;v=1").responseBodyText()).isEqualTo("42");
        assertThat(get(app, "/users/4%3B2").responseBodyText()).isEqualTo("4;2");
    }

    @Test
    void theQueryStringTakesNoPartInMatching() {
        app.get("/search", (req, res) -> "found");

        assertThat(get(app, "/search?q=/users/1&x").responseBodyText()).isEqualTo("found");
        assertThat(get(app, "/search?").status()).isEqualTo(200);
    }

    @Test
    void queryPlusIsASpaceAndRepeatedKeysAreKept() {
        app.get("/q", (req, res) -> Map.of(
                "q", req.query("q"),
                "tags", req.queryAll("tag"),
                "first", req.query("tag"),
                "plusEncoded", req.query("p")));

        MemoryExchange ex = get(app, "/q?q=hello+big%20world&tag=a&tag=b&tag=c&p=1%2B1");

        assertThat(jsonMap(ex)).isEqualTo(Map.of(
                "q", "hello big world",
                "tags", List.of("a", "b", "c"),
                "first", "a",
                "plusEncoded", "1+1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/users/%zz", "/users/%4", "/users/abc%", "/users/%C3", "/users/%FF%FE"})
    void malformedPercentEncodingInThePathIs400(String target) {
        app.get("/users/:id", (req, res) -> req.param("id"));

        MemoryExchange ex = get(app, target);

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).containsEntry("code", "BAD_REQUEST");
        assertThat((String) jsonMap(ex).get("message")).startsWith("The path contains ");
    }

    @Test
    void malformedPercentEncodingInALiteralPathIs400NotA404() {
        app.get("/users", (req, res) -> "users");

        MemoryExchange ex = get(app, "/us%zzers");

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).isEqualTo(error("BAD_REQUEST", "The path contains an invalid %-escape '%zz'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/q?a=%zz", "/q?a=%", "/q?a=%C3", "/q?%zz=1", "/q?a=1&b=%G1"})
    void malformedPercentEncodingInTheQueryIs400(String target) {
        app.get("/q", (req, res) -> req.queries());

        MemoryExchange ex = get(app, target);

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).containsEntry("code", "BAD_REQUEST");
        assertThat((String) jsonMap(ex).get("message")).startsWith("The query string contains ");
    }

    @Test
    void nulInAPathParamIs400() {
        app.get("/files/:name", (req, res) -> req.param("name"));

        MemoryExchange ex = get(app, "/files/a%00b");

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).isEqualTo(error("BAD_REQUEST", "The path contains a NUL character"));
    }

    @Test
    void nulInTheQueryIs400() {
        app.get("/q", (req, res) -> req.query("a"));

        MemoryExchange ex = get(app, "/q?a=%00");

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).isEqualTo(error("BAD_REQUEST", "The query string contains a NUL character"));
    }

    @Test
    void paramsArePercentDecoded() {
        app.get("/users/:name/files/:file", (req, res) -> req.params());

        MemoryExchange ex = get(app, "/users/Ren%C3%A9e%20M/files/r%C3%A9sum%C3%A9.pdf");

        assertThat(jsonMap(ex)).isEqualTo(Map.of("name", "Renée M", "file", "résumé.pdf"));
    }

    @Test
    void plusInAPathIsNotASpace() {
        app.get("/p/:v", (req, res) -> req.param("v"));

        assertThat(get(app, "/p/a+b").responseBodyText()).isEqualTo("a+b");
    }

    @Test
    void anEncodedSlashStaysInsideTheParam() {
        app.get("/files/:name", (req, res) -> "one:" + req.param("name"));
        app.get("/files/:dir/:name", (req, res) -> "two");

        MemoryExchange ex = get(app, "/files/a%2Fb");

        assertThat(ex.responseBodyText()).isEqualTo("one:a/b");
    }

    @Test
    void literalRoutesMatchTheDecodedPath() {
        app.get("/café", (req, res) -> "coffee");

        assertThat(get(app, "/caf%C3%A9").responseBodyText()).isEqualTo("coffee");
    }

    @Test
    void wildcardParamIsExposedAsStar() {
        app.get("/static/*", (req, res) -> req.param("*"));

        assertThat(get(app, "/static/css/site.css").responseBodyText()).isEqualTo("css/site.css");
        assertThat(get(app, "/static").status()).isEqualTo(404);
    }

    @Test
    void backtrackingThroughThePipeline() {
        app.get("/users/me", (req, res) -> "me");
        app.get("/users/:id/posts", (req, res) -> "posts of " + req.param("id"));

        assertThat(get(app, "/users/me").responseBodyText()).isEqualTo("me");
        assertThat(get(app, "/users/me/posts").responseBodyText()).isEqualTo("posts of me");
    }

    @Test
    void pathsAreRelativeToTheContextPath() {
        app.get("/items/:id", (req, res) -> Map.of(
                "path", req.path(),
                "contextPath", req.contextPath(),
                "url", req.url(),
                "id", req.param("id")));

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/shop/items/7?x=1").contextPath("/shop"));

        assertThat(ex.status()).isEqualTo(200);
        assertThat(jsonMap(ex)).isEqualTo(Map.of(
                "path", "/items/7",
                "contextPath", "/shop",
                "url", "http://localhost/shop/items/7?x=1",
                "id", "7"));
    }

    @Test
    void theNotFoundMessageUsesThePathWithoutTheContextPath() {
        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/shop/nope").contextPath("/shop"));

        assertThat(jsonMap(ex)).isEqualTo(error("ROUTE_NOT_FOUND", "Cannot GET /nope"));
    }

    @Test
    void theContextPathItselfIsTheRoot() {
        app.get("/", (req, res) -> "home " + req.path());

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/shop").contextPath("/shop"));

        assertThat(ex.responseBodyText()).isEqualTo("home /");
    }

    @Test
    void anInMemoryTargetOutsideTheContextPathIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryExchange.request("GET", "/shopping/x").contextPath("/shop").build())
                .withMessageContaining("is not under the context path '/shop'");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MemoryExchange.request("GET", "/shop/x").contextPath("/shop/"));
    }

    @Test
    void twoApplicationsDoNotShareRoutes() {
        Balda other = Balda.create();
        app.get("/users", (req, res) -> "first");
        other.get("/users", (req, res) -> "second");
        other.get("/only-other", (req, res) -> "other");

        assertThat(get(app, "/users").responseBodyText()).isEqualTo("first");
        assertThat(get(other, "/users").responseBodyText()).isEqualTo("second");
        assertThat(get(app, "/only-other").status()).isEqualTo(404);
        assertThat(app.routes()).containsExactly("GET /users");
        assertThat(other.routes()).containsExactly("GET /users", "GET /only-other");
    }

    @Test
    void duplicateRegistrationThroughTheApplication() {
        app.get("/users", (req, res) -> "a");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> app.get("/users/", (req, res) -> "b"))
                .withMessage("Duplicate route: GET /users is already registered");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> app.group("/users", g -> g.get("/", (req, res) -> "c")))
                .withMessage("Duplicate route: GET /users is already registered");
    }
}
