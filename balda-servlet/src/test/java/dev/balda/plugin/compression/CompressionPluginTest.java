package dev.balda.plugin.compression;

import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.internal.MemoryExchange;
import dev.balda.plugin.staticfiles.StaticPlugin;
import dev.balda.sse.SseStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionPluginTest {
    /** 2,000 bytes of text, compressible. */
    private static final String TEXT = "Balda compresses what is worth compressing. ".repeat(46).substring(0, 2000);

    @TempDir
    Path dir;

    private Balda app(CompressionPlugin compression) {
        Balda app = Balda.create();
        app.use(compression);
        app.get("/text", (req, res) -> res.text(TEXT));
        app.get("/json", (req, res) -> res.contentType("application/vnd.api+json").send(TEXT.getBytes(StandardCharsets.UTF_8)));
        app.get("/small", (req, res) -> res.text("tiny"));
        app.get("/png", (req, res) -> res.contentType("image/png").send(TEXT.getBytes(StandardCharsets.UTF_8)));
        app.get("/no-transform", (req, res) -> res.header("Cache-Control", "no-transform").text(TEXT));
        app.get("/pre-gzipped", (req, res) -> res.header("Content-Encoding", "gzip").contentType("text/plain")
                .send(gzip(TEXT)));
        app.get("/stream", (req, res) -> {
            OutputStream out = res.stream("text/csv");
            for (int i = 0; i < 100; i++) {
                out.write(("row " + i + ",value\n").getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
        return app;
    }

    private static MemoryExchange get(Balda app, String target, String acceptEncoding) {
        MemoryExchange.Builder request = MemoryExchange.request("GET", target);
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return run(app, request);
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

    static String inflate(byte[] bytes) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aBufferedBodyIsGzippedWithItsCompressedLengthAndVary() throws IOException {
        MemoryExchange ex = get(app(CompressionPlugin.defaults()), "/text", "gzip, deflate, br");

        assertThat(ex.responseHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(ex.responseHeaders("Vary")).containsExactly("Accept-Encoding");
        assertThat(ex.responseHeader("Content-Length")).isEqualTo(String.valueOf(ex.responseBodyBytes().length));
        assertThat(ex.responseBodyBytes().length).isLessThan(TEXT.length() / 4);
        assertThat(gunzip(ex.responseBodyBytes())).isEqualTo(TEXT);
    }

    @Test
    void deflateIsTheZlibFormat() throws IOException {
        MemoryExchange ex = get(app(CompressionPlugin.defaults()), "/json", "deflate");

        assertThat(ex.responseHeader("Content-Encoding")).isEqualTo("deflate");
        assertThat(inflate(ex.responseBodyBytes())).isEqualTo(TEXT);
    }

    @Test
    void qValuesDecide() throws IOException {
        Balda app = app(CompressionPlugin.defaults());

        assertThat(get(app, "/text", "gzip;q=0, deflate").responseHeader("Content-Encoding")).isEqualTo("deflate");
        assertThat(get(app, "/text", "*").responseHeader("Content-Encoding")).isEqualTo("gzip");
        MemoryExchange refused = get(app, "/text", "gzip;q=0");
        assertThat(refused.responseHeader("Content-Encoding")).isNull();
        assertThat(refused.responseBodyText()).isEqualTo(TEXT);
        assertThat(refused.responseHeaders("Vary")).containsExactly("Accept-Encoding");
    }

    @Test
    void withoutAcceptEncodingTheBodyIsSentAsItIsButVaries() {
        MemoryExchange ex = get(app(CompressionPlugin.defaults()), "/text", null);

        assertThat(ex.responseHeader("Content-Encoding")).isNull();
        assertThat(ex.responseBodyText()).isEqualTo(TEXT);
        assertThat(ex.responseHeaders("Vary")).containsExactly("Accept-Encoding");
    }

    @Test
    void belowTheThresholdNothingIsCompressed() {
        MemoryExchange small = get(app(CompressionPlugin.defaults()), "/small", "gzip");
        MemoryExchange lowered = get(app(CompressionPlugin.builder().threshold(2).build()), "/small", "gzip");

        assertThat(small.responseHeader("Content-Encoding")).isNull();
        assertThat(small.responseHeaders("Vary")).containsExactly("Accept-Encoding");
        assertThat(lowered.responseHeader("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void onlyTheListedTypes() {
        Balda defaults = app(CompressionPlugin.defaults());
        Balda onlyCsv = app(CompressionPlugin.builder().types("text/csv").build());

        MemoryExchange png = get(defaults, "/png", "gzip");
        assertThat(png.responseHeader("Content-Encoding")).isNull();
        assertThat(png.responseHeaders("Vary")).as("a png never varies by encoding").isEmpty();
        assertThat(get(defaults, "/json", "gzip").responseHeader("Content-Encoding")).as("application/*+json").isEqualTo("gzip");
        assertThat(get(onlyCsv, "/text", "gzip").responseHeader("Content-Encoding")).isNull();
        assertThat(get(onlyCsv, "/stream", "gzip").responseHeader("Content-Encoding")).isEqualTo("gzip");
    }

    @Test
    void neverForAnAlreadyEncodedBodyNoTransformHeadOrSkipFor() throws IOException {
        Balda app = app(CompressionPlugin.builder().skipFor(req -> req.query("raw") != null).build());

        MemoryExchange preGzipped = get(app, "/pre-gzipped", "gzip");
        assertThat(preGzipped.responseHeaders("Content-Encoding")).containsExactly("gzip");
        assertThat(gunzip(preGzipped.responseBodyBytes())).as("compressed once").isEqualTo(TEXT);
        assertThat(get(app, "/no-transform", "gzip").responseHeader("Content-Encoding")).isNull();
        assertThat(get(app, "/text?raw=1", "gzip").responseHeader("Content-Encoding")).isNull();

        MemoryExchange head = run(app, MemoryExchange.request("HEAD", "/text").header("Accept-Encoding", "gzip"));
        assertThat(head.responseHeader("Content-Encoding")).isNull();
        assertThat(head.responseHeader("Content-Length")).isEqualTo("2000");
        assertThat(head.responseHeaders("Vary")).containsExactly("Accept-Encoding");
    }

    @Test
    void listedGloballyAndOnARouteTheBodyIsCompressedOnce() throws IOException {
        Balda app = Balda.create();
        app.use(CompressionPlugin.defaults());
        app.get("/twice", RouteOptions.of(CompressionPlugin.builder().level(9).build()), (req, res) -> res.text(TEXT));

        MemoryExchange ex = get(app, "/twice", "gzip");

        assertThat(ex.responseHeaders("Content-Encoding")).containsExactly("gzip");
        assertThat(ex.responseHeaders("Vary")).containsExactly("Accept-Encoding");
        assertThat(gunzip(ex.responseBodyBytes())).isEqualTo(TEXT);
    }

    @Test
    void aStreamIsCompressedAsItIsWritten() throws IOException {
        MemoryExchange ex = get(app(CompressionPlugin.defaults()), "/stream", "gzip");

        assertThat(ex.responseHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(ex.responseHeader("Content-Length")).isNull();
        assertThat(gunzip(ex.responseBodyBytes())).startsWith("row 0,value\nrow 1,value\n").endsWith("row 99,value\n");
    }

    @Test
    void eachServerSentEventReachesTheClientWhole() throws Exception {
        CompletableFuture<SseStream> stream = new CompletableFuture<>();
        Balda app = app(CompressionPlugin.defaults());
        app.get("/events", (req, res) -> {
            stream.complete(res.sse());
            return null;
        });

        MemoryExchange ex = get(app, "/events", "deflate");
        stream.get().send("first");
        Inflater inflater = new Inflater();
        inflater.setInput(ex.responseBodyBytes());
        byte[] out = new byte[100];
        int n = inflater.inflate(out);

        assertThat(ex.responseHeader("Content-Encoding")).isEqualTo("deflate");
        assertThat(new String(out, 0, n, StandardCharsets.UTF_8)).as("flushed while the stream is open").isEqualTo("data: first\n\n");
        stream.get().send("second");
        stream.get().close();
        assertThat(ex.awaitCompletion(Duration.ofSeconds(10))).isTrue();
        assertThat(inflate(ex.responseBodyBytes())).isEqualTo("data: first\n\ndata: second\n\n");
        inflater.end();
    }

    @Test
    void aStaticFileIsCompressedButNeverARangeAndItsEtagTurnsWeak() throws IOException {
        Files.writeString(dir.resolve("big.txt"), TEXT);
        Balda app = Balda.create();
        app.use(CompressionPlugin.defaults(), StaticPlugin.builder().directory(dir).cacheMaxFileSize(0).build());

        MemoryExchange whole = get(app, "/big.txt", "gzip");
        MemoryExchange range = run(app, MemoryExchange.request("GET", "/big.txt").header("Accept-Encoding", "gzip")
                .header("Range", "bytes=0-9"));
        MemoryExchange revalidated = run(app, MemoryExchange.request("GET", "/big.txt").header("Accept-Encoding", "gzip")
                .header("If-None-Match", whole.responseHeader("ETag")));

        assertThat(whole.responseHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(whole.responseBodyBytes())).isEqualTo(TEXT);
        assertThat(whole.responseHeader("ETag")).startsWith("W/\"");
        assertThat(range.status()).isEqualTo(206);
        assertThat(range.responseHeader("Content-Encoding")).isNull();
        assertThat(range.responseBodyText()).isEqualTo(TEXT.substring(0, 10));
        assertThat(range.responseHeader("ETag")).as("the identity bytes keep the strong tag").startsWith("\"");
        assertThat(revalidated.status()).as("the weak tag still revalidates").isEqualTo(304);
    }

    @Test
    void theLevelTradesSpeedForSize() throws IOException {
        String varied = "";
        for (int i = 0; i < 2000; i++) {
            varied += Integer.toString(i * 7919 % 10007, 36) + " ";
        }
        String body = varied;
        Balda fast = Balda.create();
        fast.use(CompressionPlugin.builder().level(1).build());
        fast.get("/", (req, res) -> res.text(body));
        Balda small = Balda.create();
        small.use(CompressionPlugin.builder().level(9).build());
        small.get("/", (req, res) -> res.text(body));

        byte[] one = get(fast, "/", "gzip").responseBodyBytes();
        byte[] nine = get(small, "/", "gzip").responseBodyBytes();

        assertThat(gunzip(one)).isEqualTo(body);
        assertThat(gunzip(nine)).isEqualTo(body);
        assertThat(nine.length).isLessThan(one.length);
    }

    @Test
    void optionsAreCheckedWhenBuilt() {
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionPlugin.builder().threshold(-1).build())
                .withMessageContaining("threshold");
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionPlugin.builder().level(0).build())
                .withMessageContaining("level");
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionPlugin.builder().encodings().build())
                .withMessageContaining("encodings");
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionPlugin.builder().types("text").build())
                .withMessageContaining("'text'");
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionPlugin.builder().types("te*t/plain").build())
                .withMessageContaining("te*t/plain");
        assertThatIllegalArgumentException().isThrownBy(() -> CompressionPlugin.builder().types().build())
                .withMessageContaining("at least one type");
    }
}
