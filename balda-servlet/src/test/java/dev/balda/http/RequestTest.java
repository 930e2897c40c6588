package dev.balda.http;

import static dev.balda.Exchanges.error;
import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.balda.Balda;
import dev.balda.BaldaOptions;
import dev.balda.internal.MemoryExchange;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTest {
    private Balda app = Balda.create();

    record NewUser(String name, int age) {
    }

    /** Captures the request a handler saw, to inspect it after the exchange. */
    private final AtomicReference<Request> seen = new AtomicReference<>();

    private static MemoryExchange.Builder post(String target, String body) {
        return MemoryExchange.request("POST", target).header("Content-Type", "application/json").body(body);
    }

    @Test
    void exposesMethodPathUrlAndParams() {
        app.get("/users/:id/posts/:postId", (req, res) -> Map.of(
                "method", req.method(),
                "path", req.path(),
                "url", req.url(),
                "scheme", req.scheme(),
                "host", req.host(),
                "params", req.params(),
                "id", req.param("id"),
                "queryString", req.queryString()));

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/users/42/posts/7?x=1&y=2")
                .scheme("https").header("Host", "api.example.com:8443"));

        assertThat(jsonMap(ex)).isEqualTo(Map.of(
                "method", "GET",
                "path", "/users/42/posts/7",
                "url", "https://api.example.com:8443/users/42/posts/7?x=1&y=2",
                "scheme", "https",
                "host", "api.example.com:8443",
                "params", Map.of("id", "42", "postId", "7"),
                "id", "42",
                "queryString", "x=1&y=2"));
    }

    @Test
    void paramsKeepPatternOrderAndUnknownParamsAreNull() {
        app.get("/b/:second/a/:first", (req, res) -> {
            seen.set(req);
            return null;
        });

        get(app, "/b/2/a/1");

        assertThat(seen.get().params()).containsExactly(Map.entry("second", "2"), Map.entry("first", "1"));
        assertThat(seen.get().param("nope")).isNull();
    }

    @Test
    void queryLookups() {
        app.get("/q", (req, res) -> {
            seen.set(req);
            return null;
        });

        get(app, "/q?a=1&b=x+y&a=2&flag&empty=&c=%26%3D");

        Request req = seen.get();
        assertThat(req.query("a")).isEqualTo("1");
        assertThat(req.queryAll("a")).containsExactly("1", "2");
        assertThat(req.query("b")).isEqualTo("x y");
        assertThat(req.query("flag")).isEmpty();
        assertThat(req.query("empty")).isEmpty();
        assertThat(req.query("c")).isEqualTo("&=");
        assertThat(req.query("missing")).isNull();
        assertThat(req.queryAll("missing")).isEmpty();
        assertThat(req.queries().keySet()).containsExactly("a", "b", "flag", "empty", "c");
    }

    @Test
    void moreQueryParametersThanTheLimitAre400AndExactlyTheLimitIsFine() {
        app = Balda.create(o -> o.maxQueryParameters(3));
        app.get("/q", (req, res) -> req.queries().size());

        assertThat(get(app, "/q?a=1&a=2&b=3").responseBodyText()).isEqualTo("2");
        MemoryExchange refused = get(app, "/q?a=1&a=2&b=3&c=4");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(jsonMap(refused)).isEqualTo(error("BAD_REQUEST", "More than 3 query parameters"));
        assertThat(BaldaOptions.defaults().maxQueryParameters()).isEqualTo(1000);
    }

    @Test
    void noQueryStringMeansNoParams() {
        app.get("/q", (req, res) -> {
            seen.set(req);
            return null;
        });

        get(app, "/q");

        assertThat(seen.get().queries()).isEmpty();
        assertThat(seen.get().queryString()).isNull();
        assertThat(seen.get().url()).isEqualTo("http://localhost/q");
    }

    @Test
    void headersAreCaseInsensitiveWithAllValues() {
        app.get("/h", (req, res) -> {
            seen.set(req);
            return null;
        });

        run(app, MemoryExchange.request("GET", "/h")
                .header("X-Custom-Thing", "one")
                .header("Accept", "text/html")
                .header("accept", "application/json"));

        Request req = seen.get();
        assertThat(req.header("x-custom-thing")).isEqualTo("one");
        assertThat(req.header("X-CUSTOM-THING")).isEqualTo("one");
        assertThat(req.headers("ACCEPT")).containsExactly("text/html", "application/json");
        assertThat(req.header("Accept")).isEqualTo("text/html");
        assertThat(req.header("Missing")).isNull();
        assertThat(req.headers("Missing")).isEmpty();
        assertThat(req.headerNames()).extracting(String::toLowerCase).contains("x-custom-thing", "accept");
    }

    @Test
    void bodyBytesAndText() {
        app.post("/echo", (req, res) -> {
            byte[] bytes = req.bodyBytes();
            assertThat(req.bodyBytes()).isSameAs(bytes); // read once and kept
            return req.bodyText() + "|" + bytes.length + "|" + req.contentLength();
        });

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/echo").body("héllo"));

        assertThat(ex.responseBodyText()).isEqualTo("héllo|6|6");
    }

    @Test
    void bodyTextUsesTheCharsetOfTheContentType() {
        app.post("/echo", (req, res) -> req.bodyText());

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/echo")
                .header("Content-Type", "text/plain; charset=\"ISO-8859-1\"")
                .body("café".getBytes(StandardCharsets.ISO_8859_1)));

        assertThat(ex.responseBodyText()).isEqualTo("café");
    }

    @Test
    void anUnknownCharsetIs415() {
        app.post("/echo", (req, res) -> req.bodyText());

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/echo")
                .header("Content-Type", "text/plain; charset=klingon").body("x"));

        assertThat(ex.status()).isEqualTo(415);
        assertThat(jsonMap(ex)).isEqualTo(error("UNSUPPORTED_MEDIA_TYPE", "Unsupported charset 'klingon'"));
    }

    @Test
    void anEmptyBodyIsAnEmptyArray() {
        app.post("/echo", (req, res) -> req.bodyBytes().length + ":" + req.bodyText());

        assertThat(run(app, "POST", "/echo").responseBodyText()).isEqualTo("0:");
    }

    @Test
    void typedJsonBody() {
        app.post("/users", (req, res) -> {
            NewUser user = req.body(NewUser.class);
            return res.created(Map.of("name", user.name(), "age", user.age()));
        });

        MemoryExchange ex = run(app, post("/users", "{\"name\":\"Ada\",\"age\":36,\"ignored\":true}"));

        assertThat(ex.status()).isEqualTo(201);
        assertThat(jsonMap(ex)).isEqualTo(Map.of("name", "Ada", "age", 36));
    }

    @Test
    void typedJsonBodyWithATypeReference() {
        app.post("/users", (req, res) -> {
            List<NewUser> users = req.body(new TypeReference<List<NewUser>>() { });
            return users.size() + " " + users.get(1).name();
        });

        MemoryExchange ex = run(app, post("/users", "[{\"name\":\"A\",\"age\":1},{\"name\":\"B\",\"age\":2}]"));

        assertThat(ex.responseBodyText()).isEqualTo("2 B");
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void typedBindingOfAnotherContentTypeIs415(String type) {
        app.post("/users", (req, res) -> req.body(NewUser.class));

        MemoryExchange ex = run(app, MemoryExchange.request("POST", "/users").header("Content-Type", type)
                .body("{\"name\":\"A\",\"age\":1}"));

        assertThat(ex.status()).isEqualTo(415);
        assertThat(jsonMap(ex).get("code")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void typedBindingNeedsAContentTypeAndAKnownCharset() {
        app.post("/users", (req, res) -> req.body(NewUser.class).name());

        assertThat(run(app, MemoryExchange.request("POST", "/users").body("{\"name\":\"A\"}")).status()).isEqualTo(415);
        assertThat(run(app, MemoryExchange.request("POST", "/users").header("Content-Type",
                "application/json; charset=bogus").body("{\"name\":\"A\"}")).status()).isEqualTo(415);
        assertThat(run(app, MemoryExchange.request("POST", "/users").header("Content-Type",
                "application/vnd.api+json").body("{\"name\":\"A\"}")).responseBodyText()).isEqualTo("A");
    }

    @Test
    void anEmptyBodyBindsToNull() {
        app.post("/users", (req, res) -> req.body(NewUser.class) == null ? "null" : "not null");

        assertThat(run(app, post("/users", "")).responseBodyText()).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":", "{name: 'x'}", "not json", "{\"name\":\"x\",}"})
    void brokenJsonIs400InvalidJson(String body) {
        app.post("/users", (req, res) -> req.body(NewUser.class));

        MemoryExchange ex = run(app, post("/users", body));

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).isEqualTo(error("INVALID_JSON", "The request body is not valid JSON"));
    }

    @Test
    void jsonOfTheWrongShapeIs400InvalidBody() {
        app.post("/users", (req, res) -> req.body(NewUser.class));

        MemoryExchange ex = run(app, post("/users", "{\"name\":\"Ada\",\"age\":\"old\"}"));

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).isEqualTo(error("INVALID_BODY", "The JSON body does not fit the expected NewUser at 'age'"));
    }

    @Test
    void aJsonArrayForAnObjectIs400InvalidBody() {
        app.post("/users", (req, res) -> req.body(NewUser.class));

        MemoryExchange ex = run(app, post("/users", "[1,2]"));

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).containsEntry("code", "INVALID_BODY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"Ada\",\"age\":1} trailing", "{\"name\":\"Ada\",\"age\":1} {\"x\":1}",
        "{\"name\":\"Ada\",\"age\":1}]"})
    void trailingContentAfterTheJsonValueIs400InvalidJson(String body) {
        app.post("/users", (req, res) -> req.body(NewUser.class));

        MemoryExchange ex = run(app, post("/users", body));

        assertThat(ex.status()).isEqualTo(400);
        assertThat(jsonMap(ex)).isEqualTo(error("INVALID_JSON", "The request body is not valid JSON"));
    }

    @Test
    void aMapperThatAllowsTrailingTokensIsHonoured() {
        app = Balda.create(o -> o.objectMapper(BaldaOptions.defaultObjectMapper().copy()
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)));
        app.post("/users", (req, res) -> req.body(NewUser.class).name());

        MemoryExchange ex = run(app, post("/users", "{\"name\":\"Ada\",\"age\":1} {\"x\":1}"));

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("Ada");
    }

    @Test
    void requestIdIsGeneratedAndStableWithinTheRequest() {
        List<String> ids = new ArrayList<>();
        app.use((req, res, next) -> {
            ids.add(req.id());
            next.run();
            ids.add(req.id());
        });
        app.get("/x", (req, res) -> {
            ids.add(req.id());
            return null;
        });

        get(app, "/x");
        get(app, "/x");

        assertThat(ids).hasSize(6);
        assertThat(ids.get(0)).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(ids.subList(0, 3)).containsOnly(ids.get(0));
        assertThat(ids.subList(3, 6)).containsOnly(ids.get(3));
        assertThat(ids.get(3)).isNotEqualTo(ids.get(0));
    }

    @Test
    void anIncomingRequestIdIsIgnoredUnlessConfigured() {
        app.get("/x", (req, res) -> req.id());

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/x").header("X-Request-Id", "from-client"));

        assertThat(ex.responseBodyText()).isNotEqualTo("from-client").hasSize(36);
    }

    @Test
    void anIncomingRequestIdIsUsedWhenConfiguredAndSane() {
        app = Balda.create(o -> o.requestIdHeader("X-Request-Id"));
        app.get("/x", (req, res) -> req.id());

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/x").header("x-request-id", "abc-123_v.1:2"));

        assertThat(ex.responseBodyText()).isEqualTo("abc-123_v.1:2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "quote\"d", "tab\tbed", "semi;colon", "ünïcode"})
    void anInsaneIncomingRequestIdIsReplaced(String incoming) {
        app = Balda.create(o -> o.requestIdHeader("X-Request-Id"));
        app.get("/x", (req, res) -> req.id());

        MemoryExchange ex = run(app, MemoryExchange.request("GET", "/x").header("X-Request-Id", incoming));

        assertThat(ex.responseBodyText()).isNotEqualTo(incoming).hasSize(36);
    }

    @Test
    void anOverlongIncomingRequestIdIsReplaced() {
        app = Balda.create(o -> o.requestIdHeader("X-Request-Id"));
        app.get("/x", (req, res) -> req.id());
        String longId = "a".repeat(129);

        assertThat(run(app, MemoryExchange.request("GET", "/x").header("X-Request-Id", longId))
                .responseBodyText()).hasSize(36);
        assertThat(run(app, MemoryExchange.request("GET", "/x").header("X-Request-Id", longId.substring(1)))
                .responseBodyText()).isEqualTo(longId.substring(1));
    }

    @Test
    void attributesAreSharedBetweenMiddlewareAndHandler() {
        app.use((req, res, next) -> {
            req.attribute("user", "ada").attribute("roles", List.of("admin"));
            next.run();
            res.header("X-After", req.<String>attribute("handlerNote"));
        });
        app.get("/x", (req, res) -> {
            req.attribute("handlerNote", "seen");
            String user = req.attribute("user");
            List<String> roles = req.attribute("roles");
            return user + " " + roles + " " + req.attributes().keySet().stream().sorted().toList();
        });

        MemoryExchange ex = get(app, "/x");

        assertThat(ex.responseBodyText()).isEqualTo("ada [admin] [handlerNote, roles, user]");
        assertThat(ex.responseHeader("X-After")).isEqualTo("seen");
    }

    @Test
    void settingAnAttributeToNullRemovesIt() {
        app.get("/x", (req, res) -> {
            assertThat(req.<Object>attribute("a")).isNull();
            req.attribute("a", 1);
            req.attribute("a", null);
            req.attribute("never-set", null);
            return req.attributes().isEmpty() ? "empty" : "not empty";
        });

        assertThat(get(app, "/x").responseBodyText()).isEqualTo("empty");
    }

    @Test
    void attributesDoNotLeakBetweenRequests() {
        app.get("/x", (req, res) -> {
            Object before = req.attribute("counter");
            req.attribute("counter", 1);
            return String.valueOf(before);
        });

        assertThat(get(app, "/x").responseBodyText()).isEqualTo("null");
        assertThat(get(app, "/x").responseBodyText()).isEqualTo("null");
    }

    @Test
    void ipIsThePeerUnlessMiddlewareSetsIt() {
        app.use((req, res, next) -> {
            String forwarded = req.header("X-Forwarded-For");
            if (forwarded != null) {
                req.setIp(forwarded);
            }
            next.run();
        });
        app.get("/ip", (req, res) -> req.ip());

        assertThat(get(app, "/ip").responseBodyText()).isEqualTo("127.0.0.1");
        assertThat(run(app, MemoryExchange.request("GET", "/ip").remoteAddress("10.1.2.3"))
                .responseBodyText()).isEqualTo("10.1.2.3");
        assertThat(run(app, MemoryExchange.request("GET", "/ip").remoteAddress("10.1.2.3")
                .header("X-Forwarded-For", "203.0.113.9")).responseBodyText()).isEqualTo("203.0.113.9");
    }

    @Test
    void principalComesFromTheTransport() {
        app.get("/me", (req, res) -> req.principal() == null ? "anonymous" : req.principal().getName());

        assertThat(get(app, "/me").responseBodyText()).isEqualTo("anonymous");
        assertThat(run(app, MemoryExchange.request("GET", "/me").principal(() -> "ada")).responseBodyText())
                .isEqualTo("ada");
    }

    @Test
    void parsedBodyIsWhatMiddlewareStored() {
        app.use((req, res, next) -> {
            req.setParsedBody(Map.of("parsed", true));
            next.run();
        });
        app.post("/x", (req, res) -> req.parsedBody());

        assertThat(jsonMap(run(app, "POST", "/x"))).isEqualTo(Map.of("parsed", true));
    }

    @Test
    void servletRequestIsUnavailableInMemory() {
        app.get("/x", (req, res) -> {
            seen.set(req);
            return null;
        });

        get(app, "/x");

        assertThatIllegalStateException().isThrownBy(() -> seen.get().servletRequest())
                .withMessageContaining("there is no HttpServletRequest");
    }

    @Test
    void aNotFoundRequestHasNoParams() {
        app.use((req, res, next) -> {
            seen.set(req);
            next.run();
        });
        app.get("/users/:id", (req, res) -> null);

        get(app, "/users");

        assertThat(seen.get().params()).isEmpty();
        assertThat(seen.get().param("id")).isNull();
        assertThat(seen.get().toString()).isEqualTo("GET /users");
    }
}
