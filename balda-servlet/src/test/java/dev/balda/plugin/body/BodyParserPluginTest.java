package dev.balda.plugin.body;

import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.http.UploadedFile;
import dev.balda.internal.MemoryExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BodyParserPluginTest {
    @TempDir
    Path uploads;

    private Balda app(BodyParserPlugin.Builder options) {
        Balda app = Balda.create();
        app.use(options.uploadDirectory(uploads).build());
        app.post("/", (req, res) -> {
            Object body = req.parsedBody();
            List<String> files = new ArrayList<>();
            for (UploadedFile f : req.files()) {
                files.add(f.fieldName() + ":" + f.filename() + ":" + f.contentType() + ":" + f.size() + ":"
                        + new String(f.bytes(), StandardCharsets.UTF_8));
            }
            return Map.of("body", body instanceof byte[] b ? "bytes:" + b.length : String.valueOf(body), "files", files);
        });
        return app;
    }

    private static MemoryExchange post(Balda app, String type, byte[] body) {
        return run(app, MemoryExchange.request("POST", "/").header("Content-Type", type).body(body));
    }

    private static MemoryExchange post(Balda app, String type, String body) {
        return post(app, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(MemoryExchange r, int status, String code) {
        assertThat(r.status()).as(r.responseBodyText()).isEqualTo(status);
        assertThat(json(r).get("code").asText()).isEqualTo(code);
    }

    @Test
    void jsonWithLimits() {
        Balda app = app(BodyParserPlugin.builder().jsonMaxDepth(2).jsonMaxKeys(2).jsonSizeLimit(40));
        assertThat(json(post(app, "application/json", "{\"a\":[1]}")).get("body").asText()).isEqualTo("{a=[1]}");
        assertThat(json(post(app, "application/json", "")).get("body").asText()).isEqualTo("null");
        assertError(post(app, "application/json", "[[[1]]]"), 413, "PAYLOAD_TOO_LARGE");
        assertError(post(app, "application/json", "{\"a\":1,\"b\":2,\"c\":3}"), 413, "PAYLOAD_TOO_LARGE");
        assertError(post(app, "application/json", "\"" + "x".repeat(40) + "\""), 413, "PAYLOAD_TOO_LARGE");
        assertError(post(app, "application/json", "{\"a\""), 400, "INVALID_JSON");
        assertError(post(app, "application/json; charset=nope", "{}"), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void formsPlainAndExtended() {
        Balda plain = app(BodyParserPlugin.builder().formParameterLimit(3));
        assertThat(json(post(plain, "application/x-www-form-urlencoded", "a=1&a=2&b=x+y")).get("body").asText())
                .isEqualTo("{a=[1, 2], b=[x y]}");
        assertError(post(plain, "application/x-www-form-urlencoded", "a&b&c&d"), 413, "PAYLOAD_TOO_LARGE");
        Balda extended = app(BodyParserPlugin.builder().formExtended(true));
        assertThat(json(post(extended, "application/x-www-form-urlencoded", "u[n]=A&u[t][]=1&u[t][]=2&z=1"))
                .get("body").asText()).isEqualTo("{u={n=A, t=[1, 2]}, z=1}");
        assertError(post(extended, "application/x-www-form-urlencoded", "prototype=1"), 400, "BAD_REQUEST");
        assertError(post(extended, "application/x-www-form-urlencoded", "a[__proto__][x]=1"), 400, "BAD_REQUEST");
        assertError(post(extended, "application/x-www-form-urlencoded", "a[][b]=1"), 400, "BAD_REQUEST");
    }

    @Test
    void multipartFilesAreStoredAndDeletedWhenTheRequestEnds() throws Exception {
        Balda app = app(BodyParserPlugin.builder().maxFiles(2).maxFileSize(10).allowedMimeTypes("text/*"));
        String body = "--b\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\nhi\r\n"
                + "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\n"
                + "12345\r\n--b--\r\n";
        MemoryExchange r = post(app, "multipart/form-data; boundary=b", body);
        assertThat(json(r).get("body").asText()).isEqualTo("{t=[hi]}");
        assertThat(json(r).get("files").get(0).asText()).isEqualTo("f:a.txt:text/plain:5:12345");
        assertThat(filesIn(uploads)).isZero();
        assertError(post(app, "multipart/form-data; boundary=b", body.replace("12345", "12345678901")), 413,
                "PAYLOAD_TOO_LARGE");
        assertError(post(app, "multipart/form-data; boundary=b", body.replace("text/plain", "image/png")), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertError(post(app, "multipart/form-data; boundary=b", body.replace("a.txt", "..\\\\a.txt")), 400,
                "UNSAFE_FILENAME");
        assertError(post(app, "multipart/form-data; boundary=b", body.substring(0, body.length() - 12)), 400,
                "INVALID_MULTIPART");
        assertError(post(app, "multipart/form-data", body), 400, "INVALID_MULTIPART");
        assertThat(filesIn(uploads)).as("no upload left after any refusal").isZero();
    }

    @Test
    void textAndBytes() {
        Balda app = app(BodyParserPlugin.builder().rawLimit(4));
        assertThat(json(post(app, "text/plain", "abcd")).get("body").asText()).isEqualTo("abcd");
        assertThat(json(post(app, "image/png", new byte[] {1, 2})).get("body").asText()).isEqualTo("bytes:2");
        assertError(post(app, "text/plain", "abcde"), 413, "PAYLOAD_TOO_LARGE");
        Balda off = app(BodyParserPlugin.builder().raw(false));
        assertThat(json(post(off, "text/plain", "abcde")).get("body").asText()).isEqualTo("null");
    }

    @Test
    void withoutThePluginUploadsAndFormsSayWhatToAdd() {
        Balda app = Balda.create(o -> o.developmentMode(true));
        app.post("/", (req, res) -> req.files());
        MemoryExchange r = run(app, MemoryExchange.request("POST", "/"));
        assertThat(json(r).get("error").asText()).contains("BodyParserPlugin.defaults()");
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> BodyParserPlugin.builder().jsonSizeLimit(0).build())
                .withMessageStartingWith("jsonSizeLimit");
        assertThatIllegalArgumentException().isThrownBy(() -> BodyParserPlugin.builder().maxFileSize(20)
                .maxTotalSize(10).build()).withMessageStartingWith("maxFileSize");
        assertThatIllegalArgumentException().isThrownBy(() -> BodyParserPlugin.builder().allowedMimeTypes("png")
                .build()).withMessageStartingWith("allowedMimeTypes");
        assertThatIllegalArgumentException().isThrownBy(() -> BodyParserPlugin.builder().maxFiles(0).build())
                .withMessageStartingWith("maxFiles");
    }

    private static long filesIn(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
