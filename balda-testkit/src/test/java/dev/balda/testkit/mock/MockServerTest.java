package dev.balda.testkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.http.Cookie;
import dev.balda.http.HttpException;
import dev.balda.sse.SseEvent;
import dev.balda.sse.SseStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.http.fileupload.FileItem;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory;
import org.junit.jupiter.api.Test;

/** Requests through the mock server reach the application's real pipeline. */
class MockServerTest {

    record NewUser(String name, int age) {
    }

    record Item(String id, int quantity) {
    }

    private final CompletableFuture<Boolean> foreverClosed = new CompletableFuture<>();
    private final MockServer server = MockServer.of(app());

    private Balda app() {
        Balda app = Balda.create();
        app.use((req, res, next) -> {
            List<String> trail = new ArrayList<>(List.of("global"));
            req.attribute("trail", trail);
            next.run();
            trail.add("global-after");
            res.header("X-Trail", String.join(",", trail));
        });
        app.get("/hello", (req, res) -> "hello " + (req.query("name") == null ? "world" : req.query("name")));
        app.get("/users/:id", (req, res) -> Map.of("id", req.param("id"), "name", "Ann"));
        app.post("/users", (req, res) -> res.created(req.body(NewUser.class)));
        app.get("/items", (req, res) -> List.of(new Item("a", 1), new Item("b", 2)));
        app.get("/guarded", RouteOptions.of((req, res, next) -> {
            List<String> trail = req.attribute("trail");
            trail.add("route");
            if (req.header("X-Deny") != null) {
                res.status(403).json(Map.of("code", "DENIED"));
                return;
            }
            next.run();
        }), (req, res) -> {
            List<String> trail = req.attribute("trail");
            trail.add("handler");
            return "through";
        });
        app.get("/query", (req, res) -> req.queries());
        app.get("/headers", (req, res) -> Map.of(
                "token", String.valueOf(req.header("X-Token")),
                "multi", req.headers("X-Multi"),
                "host", String.valueOf(req.header("Host"))));
        app.get("/cookies", (req, res) -> {
            res.cookie("session", "abc123");
            res.cookie(Cookie.builder("theme", "dark").maxAge(Duration.ofHours(1)).httpOnly(false).build());
            return Map.of("received", String.valueOf(req.header("Cookie")));
        });
        app.post("/raw", (req, res) -> Map.of(
                "contentType", String.valueOf(req.contentType()),
                "length", req.contentLength(),
                "text", req.bodyText()));
        app.post("/upload", (req, res) -> parts(req.contentType(), req.bodyBytes()));
        app.get("/whoami", (req, res) -> {
            Principal user = req.principal();
            return Map.of("ip", req.ip(), "user", user == null ? "anonymous" : user.getName());
        });
        app.get("/where", (req, res) -> Map.of("contextPath", req.contextPath(), "path", req.path(), "url", req.url()));
        app.get("/boom", (req, res) -> {
            throw new IllegalStateException("secret internals");
        });
        app.get("/taken", (req, res) -> {
            throw HttpException.conflict("The name is taken");
        });
        app.get("/events", (req, res) -> {
            SseStream sse = res.sse();
            Thread writer = new Thread(() -> {
                sse.send("one");
                sse.send(SseEvent.builder().id("2").event("update").data("two").build());
                sse.close();
            });
            writer.setDaemon(true);
            writer.start();
            return sse;
        });
        app.get("/forever", (req, res) -> {
            SseStream sse = res.sse();
            sse.onClose(() -> foreverClosed.complete(true));
            sse.send("hello");
            return sse;
        });
        app.get("/broken-stream", (req, res) -> {
            OutputStream out = res.stream("text/plain");
            out.write("partial".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("failed mid-stream");
        });
        return app;
    }

    /** Parses a multipart body with Tomcat's own parser, independent of the testkit's encoder. */
    private static List<Map<String, Object>> parts(String contentType, byte[] body) throws Exception {
        FileUpload upload = new FileUpload();
        upload.setFileItemFactory(new DiskFileItemFactory());
        upload.setHeaderEncoding("UTF-8");
        List<FileItem> items = upload.parseRequest(new UploadContext() {
            @Override
            public String getCharacterEncoding() {
                return "UTF-8";
            }

            @Override
            public String getContentType() {
                return contentType;
            }

            @Override
            public InputStream getInputStream() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public long contentLength() {
                return body.length;
            }
        });
        List<Map<String, Object>> parts = new ArrayList<>();
        for (FileItem item : items) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("name", item.getFieldName());
            part.put("filename", item.getName());
            part.put("contentType", item.getContentType());
            part.put("text", item.isFormField() ? item.getString("UTF-8") : null);
            part.put("base64", item.isFormField() ? null : Base64.getEncoder().encodeToString(item.get()));
            parts.add(part);
        }
        return parts;
    }

    @Test
    void aGetReachesItsRouteThroughTheMiddleware() {
        MockResponse res = server.get("/hello").send();

        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("hello world");
        assertThat(res.header("Content-Type")).startsWith("text/plain");
        assertThat(res.header("Content-Length")).isEqualTo("11");
        assertThat(res.header("X-Trail")).isEqualTo("global,global-after");
        assertThat(res.requestBodyWasRead()).isFalse();
        assertThat(res.passedThrough()).isFalse();
        assertThat(res.aborted()).isFalse();
    }

    @Test
    void pathParamsAndJsonBodies() {
        MockResponse res = server.get("/users/42").send();

        res.assertStatus(200).assertBodyDeepEqual(Map.of("id", "42", "name", "Ann"));
        assertThat(res.json().get("id").asText()).isEqualTo("42");
    }

    @Test
    void routeMiddlewareRunsInOnionOrderAndCanShortCircuit() {
        server.get("/guarded").send()
                .assertStatus(200)
                .assertHeader("X-Trail", "global,route,handler,global-after");

        MockResponse denied = server.get("/guarded").header("X-Deny", "yes").send();
        denied.assertStatus(403).assertBodySubset(Map.of("code", "DENIED"));
        assertThat(denied.header("X-Trail")).isEqualTo("global,route,global-after");
    }

    @Test
    void jsonRequestBodiesAreWrittenWithTheAppsMapper() {
        MockResponse res = server.post("/users").json(new NewUser("Ann", 31)).send();

        res.assertStatus(201).assertHeader("Content-Type", "application/json");
        assertThat(res.as(NewUser.class)).isEqualTo(new NewUser("Ann", 31));
        assertThat(res.requestBodyWasRead()).isTrue();

        // A String is JSON already.
        server.post("/users").json("{\"name\":\"Bob\",\"age\":7}").send()
                .assertStatus(201)
                .assertBodyDeepEqual(Map.of("name", "Bob", "age", 7));
    }

    @Test
    void typedReadsOfGenericBodies() {
        List<Item> items = server.get("/items").send().as(new TypeReference<List<Item>>() { });

        assertThat(items).containsExactly(new Item("a", 1), new Item("b", 2));
    }

    @Test
    void anInvalidJsonBodyIsTheApplicationsBadRequest() {
        server.post("/users").json("{not json").send()
                .assertStatus(400)
                .assertBodySubset(Map.of("code", "INVALID_JSON"));
    }

    @Test
    void queryParametersAreEncodedAndMayRepeatAndJoinAQueryInThePath() {
        MockResponse res = server.get("/query?pre=1").query("q", "a b&c=d").query("tag", "x").query("tag", "ü").send();

        res.assertStatus(200).assertBodyDeepEqual(Map.of(
                "pre", List.of("1"),
                "q", List.of("a b&c=d"),
                "tag", List.of("x", "ü")));
    }

    @Test
    void headersAreSentAndAHostIsAddedLikeARealClient() {
        server.get("/headers").header("X-Token", "t0k").header("X-Multi", "1").header("X-Multi", "2").send()
                .assertBodyDeepEqual(Map.of("token", "t0k", "multi", List.of("1", "2"), "host", "localhost"));

        server.get("/headers").header("Host", "shop.example").send()
                .assertBodySubset(Map.of("host", "shop.example"));
    }

    @Test
    void requestCookiesBuildOneHeaderAndResponseCookiesAreParsed() {
        MockResponse res = server.get("/cookies").cookie("a", "1").cookie("b", "2").send();

        server.get("/cookies").header("Cookie", "z=0").cookie("a", "1").send()
                .assertBodyDeepEqual(Map.of("received", "z=0; a=1"));
        res.assertBodyDeepEqual(Map.of("received", "a=1; b=2"))
                .assertCookie("session", "abc123")
                .assertCookieExists("theme");
        assertThat(res.cookies()).extracting(MockCookie::name).containsExactly("session", "theme");
        MockCookie session = res.cookie("session");
        assertThat(session.attribute("path")).isEqualTo("/");
        assertThat(session.hasAttribute("HttpOnly")).isTrue();
        assertThat(session.attribute("SameSite")).isEqualTo("Lax");
        MockCookie theme = res.cookie("theme");
        assertThat(theme.value()).isEqualTo("dark");
        assertThat(theme.attribute("Max-Age")).isEqualTo("3600");
        assertThat(theme.hasAttribute("HttpOnly")).isFalse();
        assertThat(res.cookie("missing")).isNull();
    }

    @Test
    void formBodiesAreUrlEncoded() {
        server.post("/raw").form("name", "Ann Lee", "tag", "a&b", "tag", "ü").send()
                .assertBodyDeepEqual(Map.of(
                        "contentType", "application/x-www-form-urlencoded",
                        "length", 33,
                        "text", "name=Ann+Lee&tag=a%26b&tag=%C3%BC"));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("x", 1);
        fields.put("y", List.of("p", "q"));
        server.post("/raw").form(fields).send().assertBodySubset(Map.of("text", "x=1&y=p&y=q"));
    }

    @Test
    void rawBodiesKeepTheirContentTypeAndAnExplicitHeaderWins() {
        server.post("/raw").body("<a/>", "application/xml").send()
                .assertBodyDeepEqual(Map.of("contentType", "application/xml", "length", 4, "text", "<a/>"));
        server.post("/raw").header("Content-Type", "text/csv").body(new byte[] {'1', ',', '2'}, "text/plain").send()
                .assertBodyDeepEqual(Map.of("contentType", "text/csv", "length", 3, "text", "1,2"));
    }

    @Test
    void multipartBodiesArriveWithTheirBoundaryAndParseIntoParts() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        MockResponse res = server.post("/upload").multipart(m -> m
                .field("title", "Quarterly \"report\" ü")
                .file("doc", "report.csv", "text/csv", "a,b\r\n1,2\r\n")
                .file("blob", "data.bin", "application/octet-stream", binary)).send();

        res.assertStatus(200);
        List<Map<String, Object>> parts = res.as(new TypeReference<List<Map<String, Object>>>() { });
        assertThat(parts).hasSize(3);
        assertThat(parts.get(0)).containsEntry("name", "title").containsEntry("text", "Quarterly \"report\" ü")
                .containsEntry("filename", null);
        assertThat(parts.get(1)).containsEntry("name", "doc").containsEntry("filename", "report.csv")
                .containsEntry("contentType", "text/csv")
                .containsEntry("base64", Base64.getEncoder().encodeToString("a,b\r\n1,2\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(parts.get(2)).containsEntry("name", "blob").containsEntry("filename", "data.bin")
                .containsEntry("base64", Base64.getEncoder().encodeToString(binary));
    }

    @Test
    void aMultipartBodyHasTheContentTypeWithItsBoundary() {
        Multipart body = Multipart.builder().boundary("fixed-boundary").field("a", "1").build();

        server.post("/raw").multipart(body).send()
                .assertBodyDeepEqual(Map.of(
                        "contentType", "multipart/form-data; boundary=fixed-boundary",
                        "length", body.toBytes().length,
                        "text", "--fixed-boundary\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
                                + "--fixed-boundary--\r\n"));
        assertThatThrownBy(() -> Multipart.builder().boundary("xx").field("a", "--xx").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("occurs in a part's content");
    }

    @Test
    void clientAddressAndPrincipal() {
        server.get("/whoami").send().assertBodyDeepEqual(Map.of("ip", "127.0.0.1", "user", "anonymous"));
        server.get("/whoami").ip("203.0.113.9").principal("ann").send()
                .assertBodyDeepEqual(Map.of("ip", "203.0.113.9", "user", "ann"));
    }

    @Test
    void aContextPathPrefixesTheRequestButNotTheRoute() {
        server.get("/where?x=1").contextPath("/shop").send()
                .assertStatus(200)
                .assertBodyDeepEqual(Map.of("contextPath", "/shop", "path", "/where",
                        "url", "http://localhost/shop/where?x=1"));
    }

    @Test
    void unknownPathsAnswer404ThroughTheMiddleware() {
        server.get("/nope").send()
                .assertStatus(404)
                .assertBodyDeepEqual(Map.of("code", "ROUTE_NOT_FOUND", "message", "Cannot GET /nope"))
                .assertHeader("X-Trail", "global,global-after");
    }

    @Test
    void aWrongMethodAnswers405WithAllow() {
        MockResponse res = server.delete("/users/1").send();

        res.assertStatus(405).assertBodySubset(Map.of("code", "METHOD_NOT_ALLOWED")).assertHeaderExists("Allow");
        assertThat(res.header("Allow")).contains("GET").doesNotContain("DELETE");
    }

    @Test
    void headAndOptionsAreAnsweredAutomatically() {
        MockResponse head = server.head("/hello").send();
        head.assertStatus(200).assertHeader("Content-Length", "11");
        assertThat(head.bytes()).isEmpty();

        MockResponse options = server.options("/users/1").send();
        options.assertStatus(204);
        assertThat(options.header("Allow")).contains("GET");
    }

    @Test
    void anExceptionIsTheDefault500WithoutItsDetails() {
        MockResponse res = server.get("/boom").send();

        res.assertStatus(500)
                .assertBodyDeepEqual(Map.of("code", "INTERNAL_SERVER_ERROR", "message", "Internal Server Error"));
        assertThat(res.text()).doesNotContain("secret");
    }

    @Test
    void anHttpExceptionIsItsStatusAndErrorBody() {
        server.get("/taken").send()
                .assertStatus(409)
                .assertBodyDeepEqual("{\"code\":\"CONFLICT\",\"message\":\"The name is taken\"}");
    }

    @Test
    void sendWaitsForAnSseStreamThatEndsOnAnotherThread() {
        MockResponse res = server.get("/events").send();

        res.assertStatus(200).assertHeader("Content-Type", "text/event-stream; charset=utf-8");
        assertThat(res.text()).isEqualTo("data: one\n\nid: 2\nevent: update\ndata: two\n\n");
    }

    @Test
    void aStreamThatNeverEndsFailsAfterTheTimeoutAndTheClientDisconnects() throws Exception {
        assertThatThrownBy(() -> server.get("/forever").timeout(Duration.ofMillis(200)).send())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to complete within 200 ms")
                .hasMessageContaining("text/event-stream")
                .hasMessageContaining("data: hello");
        assertThat(foreverClosed.get(10, TimeUnit.SECONDS)).as("the stream saw the client go away").isTrue();
    }

    @Test
    void aStreamThatFailsMidwayIsAborted() {
        MockResponse res = server.get("/broken-stream").send();

        assertThat(res.aborted()).isTrue();
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("partial");
        assertThat(res.toString()).contains("aborted").contains("failed mid-stream");
    }

    @Test
    void passThroughLeavesUnmatchedRequestsAndTheirBodiesAlone() {
        Balda app = Balda.create(o -> o.passThrough(true));
        app.post("/api/echo", (req, res) -> req.bodyText());
        MockServer passThrough = MockServer.of(app);

        MockResponse legacy = passThrough.post("/legacy/form").form("a", "1").send();
        assertThat(legacy.passedThrough()).isTrue();
        assertThat(legacy.requestBodyWasRead()).isFalse();
        legacy.assertStatus(404);

        MockResponse api = passThrough.post("/api/echo").body("hi", "text/plain").send();
        assertThat(api.passedThrough()).isFalse();
        assertThat(api.requestBodyWasRead()).isTrue();
        assertThat(api.text()).isEqualTo("hi");
    }

    @Test
    void requestMethodsOfTheServer() {
        Balda app = Balda.create();
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            app.route(method, "/m", RouteOptions.none(), (req, res) -> req.method());
        }
        app.route("PURGE", "/m", RouteOptions.none(), (req, res) -> req.method());
        MockServer s = MockServer.of(app);

        assertThat(s.get("/m").send().text()).isEqualTo("GET");
        assertThat(s.post("/m").send().text()).isEqualTo("POST");
        assertThat(s.put("/m").send().text()).isEqualTo("PUT");
        assertThat(s.patch("/m").send().text()).isEqualTo("PATCH");
        assertThat(s.delete("/m").send().text()).isEqualTo("DELETE");
        assertThat(s.options("/m").send().text()).isEqualTo("OPTIONS");
        assertThat(s.request("purge", "/m").send().text()).isEqualTo("PURGE");
        assertThat(s.app()).isSameAs(app);
    }
}
