package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.plugin.compression.CompressionPlugin;
import dev.balda.plugin.staticfiles.StaticPlugin;
import dev.balda.sse.SseStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/** The compression plugin over real HTTP, with a client that does not decompress on its own. */
abstract class CompressionSuite extends PluginSuite {
    static final String TEXT = "{\"note\":\"" + "compress me ".repeat(300) + "\"}";
    final CompletableFuture<SseStream> events = new CompletableFuture<>();

    @Override
    Balda app() throws IOException {
        Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "compression-suite")), "files");
        Files.writeString(dir.resolve("data.json"), TEXT);
        Balda app = Balda.create();
        app.use(CompressionPlugin.defaults(), StaticPlugin.builder().directory(dir).prefix("/files").build());
        app.get("/json", (req, res) -> res.vary("Accept-Language").contentType("application/json")
                .send(TEXT.getBytes(StandardCharsets.UTF_8)));
        app.get("/small", (req, res) -> res.text("small"));
        app.get("/pre-gzipped", (req, res) -> res.header("Content-Encoding", "gzip").contentType("application/json")
                .send(gzip(TEXT)));
        app.get("/twice", RouteOptions.of(CompressionPlugin.builder().level(1).build()), (req, res) -> res.text(TEXT));
        app.get("/stream", (req, res) -> {
            OutputStream out = res.stream("text/csv");
            for (int i = 0; i < 1000; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
        app.get("/events", (req, res) -> {
            events.complete(res.sse());
            return null;
        });
        return app;
    }

    static byte[] gzip(String text) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aJsonBodyIsGzippedWithItsLengthAndOneMergedVary() throws Exception {
        HttpResponse<byte[]> r = getBytes("/json", "Accept-Encoding", "gzip, deflate, br");

        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.headers().firstValue("Content-Length")).hasValue(String.valueOf(r.body().length));
        assertThat(r.headers().allValues("Vary")).containsExactly("Accept-Language, Accept-Encoding");
        assertThat(gunzip(r.body())).isEqualTo(TEXT);
    }

    @Test
    void deflateAndQValues() throws Exception {
        HttpResponse<byte[]> deflated = getBytes("/json", "Accept-Encoding", "gzip;q=0, deflate");
        HttpResponse<byte[]> refused = getBytes("/json", "Accept-Encoding", "gzip;q=0");
        HttpResponse<byte[]> star = getBytes("/json", "Accept-Encoding", "*");

        assertThat(deflated.headers().firstValue("Content-Encoding")).hasValue("deflate");
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(refused.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        assertThat(star.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void smallBodiesAndClientsWithoutAcceptEncodingGetTheBodyAsItIs() throws Exception {
        HttpResponse<String> small = get("/small", "Accept-Encoding", "gzip");
        HttpResponse<String> plain = get("/json");

        assertThat(small.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(small.body()).isEqualTo("small");
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.body()).isEqualTo(TEXT);
        assertThat(plain.headers().allValues("Vary")).containsExactly("Accept-Language, Accept-Encoding");
    }

    @Test
    void compressionIsNeverAppliedTwice() throws Exception {
        HttpResponse<byte[]> preGzipped = getBytes("/pre-gzipped", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> twice = getBytes("/twice", "Accept-Encoding", "gzip");

        assertThat(preGzipped.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(gunzip(preGzipped.body())).isEqualTo(TEXT);
        assertThat(twice.headers().allValues("Content-Encoding")).containsExactly("gzip");
        assertThat(twice.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        assertThat(gunzip(twice.body())).as("one gzip layer").isEqualTo(TEXT);
    }

    @Test
    void aStaticFileIsCompressedButARangeOfItIsNot() throws Exception {
        HttpResponse<byte[]> whole = getBytes("/files/data.json", "Accept-Encoding", "gzip");
        HttpResponse<byte[]> range = getBytes("/files/data.json", "Accept-Encoding", "gzip", "Range", "bytes=0-7");

        assertThat(whole.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(gunzip(whole.body())).isEqualTo(TEXT);
        assertThat(whole.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).startsWith("W/"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(new String(range.body(), StandardCharsets.UTF_8)).isEqualTo(TEXT.substring(0, 8));
    }

    @Test
    void aStreamIsCompressed() throws Exception {
        HttpResponse<byte[]> r = getBytes("/stream", "Accept-Encoding", "gzip");

        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        // Balda sends no length; a container that holds the whole (small) compressed body when the
        // response ends may add the true one itself.
        r.headers().firstValue("Content-Length").ifPresent(length -> assertThat(length).isEqualTo(String.valueOf(r.body().length)));
        assertThat(gunzip(r.body())).startsWith("line 0\nline 1\n").endsWith("line 999\n");
    }

    @Test
    void eachEventReachesTheClientWhileTheCompressedStreamIsOpen() throws Exception {
        CompletableFuture<HttpResponse<InputStream>> response = http.sendAsync(
                request("GET", "/events", "Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        SseStream sse = events.get(10, TimeUnit.SECONDS);
        sse.send("one");
        HttpResponse<InputStream> r = response.get(10, TimeUnit.SECONDS);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");

        InputStream events = new GZIPInputStream(r.body());
        assertThat(new String(events.readNBytes("data: one\n\n".length()), StandardCharsets.UTF_8)).isEqualTo("data: one\n\n");
        sse.send("two");
        sse.close();
        assertThat(new String(events.readAllBytes(), StandardCharsets.UTF_8)).as("the gzip trailer arrived too")
                .isEqualTo("data: two\n\n");
    }
}
