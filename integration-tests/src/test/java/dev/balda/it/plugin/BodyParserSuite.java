package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.http.UploadedFile;
import dev.balda.plugin.body.BodyParserPlugin;
import dev.balda.testkit.http.RawHttp;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.mock.Multipart;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The body parser plugin over real HTTP: each parser's defaults, its options, every refusal, the
 * limits, bad input, and no temporary file left behind after any test (bodies and uploads go to
 * directories the suite watches).
 */
abstract class BodyParserSuite extends PluginHttp {
    static final Path TEMP = tempDirectory("bodies");
    static final Path UPLOADS = tempDirectory("uploads");
    static final Path KEPT = tempDirectory("kept");

    record Person(String name, int age) {
    }

    static Balda newApp() {
        // Bodies over 1 KiB spill to a file, so the multipart tests read from files.
        Balda app = Balda.create(o -> o.tempDirectory(TEMP).bodyMemoryThreshold(1024));
        BodyParserPlugin defaults = BodyParserPlugin.builder().uploadDirectory(UPLOADS).build();
        BodyParserPlugin small = BodyParserPlugin.builder().uploadDirectory(UPLOADS)
                .jsonSizeLimit(200).jsonMaxDepth(3).jsonMaxKeys(5)
                .formLimit(100).formParameterLimit(3)
                .rawLimit(50)
                .maxFileSize(64).maxTotalSize(1024).maxFiles(2).allowedMimeTypes("text/plain", "image/*")
                .build();
        BodyParserPlugin extended = BodyParserPlugin.builder().uploadDirectory(UPLOADS).formExtended(true).build();
        app.post("/parse", RouteOptions.of(defaults), BodyParserSuite::describe);
        app.post("/small", RouteOptions.of(small), BodyParserSuite::describe);
        app.post("/extended", RouteOptions.of(extended), BodyParserSuite::describe);
        app.post("/keep", RouteOptions.of(defaults), (req, res) -> {
            UploadedFile file = req.file("doc");
            return Map.of("kept", file.moveTo(KEPT.resolve("kept.txt")).getFileName().toString());
        });
        app.post("/typed", (req, res) -> req.body(Person.class));
        return app;
    }

    private static Object describe(dev.balda.http.Request req, dev.balda.http.Response res) throws Exception {
        Object body = req.parsedBody();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", body == null ? "null" : body instanceof byte[] ? "bytes" : body instanceof String ? "text"
                : body instanceof Map ? "map" : body instanceof List ? "list" : body.getClass().getSimpleName());
        answer.put("body", body instanceof byte[] bytes ? bytes.length : body);
        List<Map<String, Object>> files = new ArrayList<>();
        for (UploadedFile file : req.files()) {
            files.add(Map.of("field", file.fieldName(), "name", file.filename(), "type", file.contentType(),
                    "size", file.size(), "content", new String(file.bytes(), StandardCharsets.UTF_8)));
        }
        answer.put("files", files);
        answer.put("title", String.valueOf(req.formParam("title")));
        return answer;
    }

    @AfterEach
    void noTemporaryFileIsLeft() throws Exception {
        assertThat(filesIn(TEMP)).as("request bodies left in " + TEMP).isZero();
        assertThat(filesIn(UPLOADS)).as("uploads left in " + UPLOADS).isZero();
    }

    // ------------------------------------------------------------------ JSON

    @Test
    void jsonOfAnyCaseAndParametersBecomesMapsAndLists() throws Exception {
        JsonNode r = json(post("/parse", "Application/JSON; charset=UTF-8", "{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}"));
        assertThat(r.get("kind").asText()).isEqualTo("map");
        assertThat(r.get("body").toString()).isEqualTo("{\"a\":[1,2.5,\"x\",true,null],\"b\":{}}");
        assertThat(json(post("/parse", "application/merge-patch+json", "[1]")).get("kind").asText()).isEqualTo("list");
    }

    @Test
    void anEmptyJsonBodyIsNullNotAnError() throws Exception {
        HttpResponse<String> r = post("/parse", "application/json", "");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).get("kind").asText()).isEqualTo("null");
    }

    @Test
    void badJsonIs400() throws Exception {
        assertError(post("/parse", "application/json", "{\"a\":"), 400, "INVALID_JSON");
        assertError(post("/parse", "application/json", "{} {}"), 400, "INVALID_JSON");
    }

    @Test
    void jsonLimitsAre413ByLengthWhileChunkedByDepthAndByKeys() throws Exception {
        String big = "{\"a\":\"" + "x".repeat(300) + "\"}";
        assertError(post("/small", "application/json", big), 413, "PAYLOAD_TOO_LARGE");
        assertError(postChunked("/small", "application/json", big.getBytes(StandardCharsets.UTF_8)), 413,
                "PAYLOAD_TOO_LARGE");
        assertError(post("/small", "application/json", "[[[[1]]]]"), 413, "PAYLOAD_TOO_LARGE");
        assertThat(post("/small", "application/json", "[[[1]]]").statusCode()).isEqualTo(200);
        assertError(post("/small", "application/json", "{\"a\":1,\"b\":2,\"c\":3,\"d\":{\"e\":4,\"f\":5}}"), 413,
                "PAYLOAD_TOO_LARGE");
        // The default limit: 100 KiB.
        String justOver = "\"" + "y".repeat(100 * 1024) + "\"";
        assertError(post("/parse", "application/json", justOver), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void jsonWithAnUnknownCharsetIs415() throws Exception {
        assertError(post("/parse", "application/json; charset=bogus", "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void typedBindingNeedsAJsonContentType() throws Exception {
        assertThat(json(post("/typed", "application/json", "{\"name\":\"Ada\",\"age\":36}")).get("name").asText())
                .isEqualTo("Ada");
        assertError(post("/typed", "text/plain", "{\"name\":\"Ada\",\"age\":36}"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(post("/typed", "application/x-www-form-urlencoded", "{\"name\":\"Ada\"}"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(post("/typed", "application/json; charset=bogus", "{\"name\":\"Ada\"}"), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertThat(json(post("/typed", "application/json; charset=ISO-8859-1",
                "{\"name\":\"Jos\u00e9\",\"age\":1}".getBytes(StandardCharsets.ISO_8859_1))).get("name").asText())
                .isEqualTo("Jos\u00e9");
    }

    // ------------------------------------------------------------------ forms

    @Test
    void formsKeepEveryValueOfARepeatedKey() throws Exception {
        JsonNode r = json(post("/parse", "application/x-www-form-urlencoded", "title=A+b&tag=x&tag=y%21&empty="));
        assertThat(r.get("body").toString()).isEqualTo("{\"title\":[\"A b\"],\"tag\":[\"x\",\"y!\"],\"empty\":[\"\"]}");
        assertThat(r.get("title").asText()).isEqualTo("A b");
    }

    @Test
    void extendedFormsNestMapsAndLists() throws Exception {
        JsonNode r = json(post("/extended", "application/x-www-form-urlencoded",
                "user%5Bname%5D=Ada&user%5Baddress%5D%5Bcity%5D=London&tags[]=a&tags[]=b&plain=1&plain=2"));
        assertThat(r.get("body").toString()).isEqualTo(
                "{\"user\":{\"name\":\"Ada\",\"address\":{\"city\":\"London\"}},\"tags\":[\"a\",\"b\"],\"plain\":[\"1\",\"2\"]}");
    }

    @Test
    void extendedFormsRefusePrototypeKeysAndDeepNesting() throws Exception {
        assertError(post("/extended", "application/x-www-form-urlencoded", "__proto__[admin]=1"), 400, "BAD_REQUEST");
        assertError(post("/extended", "application/x-www-form-urlencoded", "a[constructor][prototype]=1"), 400,
                "BAD_REQUEST");
        assertError(post("/extended", "application/x-www-form-urlencoded", "a[b][c][d][e][f][g]=1"), 413,
                "PAYLOAD_TOO_LARGE");
        assertError(post("/extended", "application/x-www-form-urlencoded", "a=1&a[b]=2"), 400, "BAD_REQUEST");
    }

    @Test
    void formLimitsAre413AndBadEncodingIs400() throws Exception {
        assertError(post("/small", "application/x-www-form-urlencoded", "a=1&b=2&c=3&d=4"), 413, "PAYLOAD_TOO_LARGE");
        assertError(post("/small", "application/x-www-form-urlencoded", "a=" + "x".repeat(120)), 413, "PAYLOAD_TOO_LARGE");
        assertThat(post("/small", "application/x-www-form-urlencoded", "a=1&b=2&c=3").statusCode()).isEqualTo(200);
        assertError(post("/parse", "application/x-www-form-urlencoded", "a=%zz"), 400, "BAD_REQUEST");
    }

    // ------------------------------------------------------------------ multipart

    @Test
    void multipartFieldsAndFilesAreReachableFromTheRequest() throws Exception {
        byte[] big = "0123456789".repeat(300).getBytes(StandardCharsets.UTF_8); // 3 KB: the body is in a file
        Multipart body = Multipart.builder().field("title", "Report \u00e9t\u00e9")
                .file("doc", "report.txt", "text/plain", "hello upload")
                .file("data", "data.bin", null, big).build();
        JsonNode r = json(post("/parse", body.contentType(), body.toBytes()));
        assertThat(r.get("title").asText()).isEqualTo("Report \u00e9t\u00e9");
        assertThat(r.get("body").get("title").get(0).asText()).isEqualTo("Report \u00e9t\u00e9");
        JsonNode files = r.get("files");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("field").asText()).isEqualTo("doc");
        assertThat(files.get(0).get("name").asText()).isEqualTo("report.txt");
        assertThat(files.get(0).get("type").asText()).isEqualTo("text/plain");
        assertThat(files.get(0).get("content").asText()).isEqualTo("hello upload");
        assertThat(files.get(1).get("type").asText()).isEqualTo("application/octet-stream");
        assertThat(files.get(1).get("size").asLong()).isEqualTo(big.length);
    }

    @Test
    void anUploadMovedByTheHandlerOutlivesTheRequest() throws Exception {
        Multipart body = Multipart.builder().file("doc", "a.txt", "text/plain", "keep me").build();
        assertThat(json(post("/keep", body.contentType(), body.toBytes())).get("kept").asText()).isEqualTo("kept.txt");
        assertThat(Files.readString(KEPT.resolve("kept.txt"))).isEqualTo("keep me");
    }

    @Test
    void multipartLimitsAre413AndAForbiddenTypeIs415() throws Exception {
        Multipart tooBig = Multipart.builder().file("f", "a.txt", "text/plain", "x".repeat(65)).build();
        assertError(post("/small", tooBig.contentType(), tooBig.toBytes()), 413, "PAYLOAD_TOO_LARGE");
        Multipart total = Multipart.builder().field("pad", "p".repeat(1100)).build();
        assertError(post("/small", total.contentType(), total.toBytes()), 413, "PAYLOAD_TOO_LARGE");
        Multipart three = Multipart.builder().file("a", "1.txt", "text/plain", "1").file("b", "2.txt", "text/plain", "2")
                .file("c", "3.txt", "text/plain", "3").build();
        assertError(post("/small", three.contentType(), three.toBytes()), 413, "PAYLOAD_TOO_LARGE");
        Multipart fields = Multipart.builder().field("a", "1").field("b", "2").field("c", "3").field("d", "4").build();
        assertError(post("/small", fields.contentType(), fields.toBytes()), 413, "PAYLOAD_TOO_LARGE");
        Multipart pdf = Multipart.builder().file("f", "a.pdf", "application/pdf", "%PDF").build();
        assertError(post("/small", pdf.contentType(), pdf.toBytes()), 415, "UNSUPPORTED_MEDIA_TYPE");
        Multipart image = Multipart.builder().file("f", "a.png", "image/png", "png").build();
        assertThat(post("/small", image.contentType(), image.toBytes()).statusCode()).isEqualTo(200);
    }

    @Test
    void unsafeFileNamesAre400() throws Exception {
        for (String name : List.of("../etc/passwd", "a/b.txt", "c:\\\\x.txt", "..", "nul\u0000.txt")) {
            byte[] body = rawPart("f", name, "text/plain", "x");
            assertError(post("/parse", "multipart/form-data; boundary=XyZ", body), 400, "UNSAFE_FILENAME");
        }
    }

    @Test
    void aMultipartBodyCutInTheMiddleIs400() throws Exception {
        byte[] whole = Multipart.builder().file("f", "a.txt", "text/plain", "x".repeat(2000)).build().toBytes();
        String type = Multipart.builder().build().contentType();
        byte[] complete = rawPart("f", "a.txt", "text/plain", "y".repeat(2000));
        byte[] cut = java.util.Arrays.copyOf(complete, complete.length / 2);
        assertError(post("/parse", "multipart/form-data; boundary=XyZ", cut), 400, "INVALID_MULTIPART");
        assertError(post("/parse", "multipart/form-data", whole), 400, "INVALID_MULTIPART");
        assertThat(type).startsWith("multipart/form-data");
    }

    /** One part written by hand, so the file name goes out exactly as given. */
    static byte[] rawPart(String field, String filename, String type, String content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--XyZ\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n--XyZ--\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ other types

    @Test
    void textIsAStringInItsCharsetAndOtherTypesAreBytes() throws Exception {
        JsonNode text = json(post("/parse", "text/plain; charset=ISO-8859-1", "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)));
        assertThat(text.get("kind").asText()).isEqualTo("text");
        assertThat(text.get("body").asText()).isEqualTo("caf\u00e9");
        JsonNode bytes = json(post("/parse", "application/octet-stream", new byte[] {1, 2, 3}));
        assertThat(bytes.get("kind").asText()).isEqualTo("bytes");
        assertThat(bytes.get("body").asInt()).isEqualTo(3);
        assertError(post("/parse", "text/plain; charset=bogus", "x"), 415, "UNSUPPORTED_MEDIA_TYPE");
        assertError(post("/small", "text/plain", "z".repeat(51)), 413, "PAYLOAD_TOO_LARGE");
        assertError(post("/small", "application/octet-stream", new byte[51]), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void aBodyDeclaredFarOverTheLimitIsRefusedUnreadAndTheConnectionCloses() throws Exception {
        RawHttpResponse r = RawHttp.send(server().baseUri(), "POST /small HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{\"a\":");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
    }
}
