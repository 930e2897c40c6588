package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.plugin.staticfiles.StaticPlugin;
import dev.balda.testkit.container.EmbeddedServer;
import dev.balda.testkit.http.RawHttpResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The static plugin over real HTTP: a directory under {@code /files} and the servlet context's own
 * resources (a WAR's {@code src/main/webapp}) at {@code /}, with validators, ranges, index files,
 * large files streamed, and the list of paths that try to leave the root.
 */
abstract class StaticFilesSuite extends PluginSuite {
    static final String SECRET = "outside the root: must never be served";
    static final String WAR_SECRET = "<web-app>private</web-app>";

    Path files;
    Path webapp;
    byte[] big;

    @Override
    Balda app() throws IOException {
        Path base = Files.createTempDirectory(Files.createDirectories(Path.of("target", "static-suite")), "run");
        files = Files.createDirectories(base.resolve("files"));
        webapp = Files.createDirectories(base.resolve("webapp"));
        Files.writeString(base.resolve("secret.txt"), SECRET);
        Files.writeString(files.resolve("app.js"), "console.log('served');");
        Files.writeString(files.resolve("digits.txt"), "0123456789");
        Files.writeString(files.resolve(".env"), "PASSWORD=1");
        Files.createDirectories(files.resolve("sub"));
        Files.writeString(files.resolve("sub/index.html"), "<h1>sub</h1>");
        big = new byte[5 * 1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >>> 11));
        }
        Files.write(files.resolve("big.bin"), big);
        Files.createSymbolicLink(files.resolve("leak.txt"), base.resolve("secret.txt").toAbsolutePath());
        Files.createSymbolicLink(files.resolve("alias.js"), files.resolve("app.js").toAbsolutePath());

        Files.writeString(webapp.resolve("index.html"), "<h1>from the WAR</h1>");
        Files.createDirectories(webapp.resolve("assets"));
        Files.writeString(webapp.resolve("assets/site.css"), "body { margin: 0 }");
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/web.xml"), WAR_SECRET);

        Balda app = Balda.create();
        app.use(StaticPlugin.builder().directory(files).prefix("/files").build(), StaticPlugin.webapp());
        app.get("/api/health", (req, res) -> "healthy");
        return app;
    }

    @Override
    EmbeddedServer.Builder configure(EmbeddedServer.Builder builder) {
        return builder.staticFiles(webapp);
    }

    /** What Balda answers: its own 404 with the JSON error body. */
    static final String BALDA_404 = "404 balda";
    /** The container's own 400 page, before any filter runs. */
    static final String CONTAINER_400 = "400 container";
    /** The container's own 404 page, before any filter runs. */
    static final String CONTAINER_404 = "404 container";

    /**
     * The targets of the traversal list this container answers itself, before any filter runs
     * (Balda never sees them), and how; every other target must be Balda's JSON 404.
     */
    abstract Map<String, String> answeredByTheContainer();

    static final List<String> TRAVERSALS = List.of(
            "/files/../secret.txt",
            "/files/%2e%2e/secret.txt",
            "/files/%2E%2E/secret.txt",
            "/files/..%2Fsecret.txt",
            "/files/%2e%2e%2fsecret.txt",
            "/files/%252e%252e/secret.txt",
            "/files/%252e%252e%252fsecret.txt",
            "/files/..%5Csecret.txt",
            "/files/..\\secret.txt",
            "/files/sub/..%5C..%5Csecret.txt",
            "/files/app.js%00.txt",
            "/files/%00",
            "/files/..;/secret.txt",
            "/files/leak.txt",
            "/files/alias.js",
            "/WEB-INF/web.xml",
            "/web-inf/web.xml",
            "/%57EB-INF/web.xml",
            "/assets/../WEB-INF/web.xml");

    @Test
    void noPathLeavesTheRoot() throws IOException {
        Map<String, String> answers = new LinkedHashMap<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (String target : TRAVERSALS) {
            RawHttpResponse r = raw(target);
            assertThat(r.bodyText()).as(target).doesNotContain(SECRET).doesNotContain(WAR_SECRET);
            boolean balda = r.bodyText().startsWith("{\"code\":\"");
            answers.put(target, r.status() + (balda ? " balda" : " container"));
            expected.put(target, answeredByTheContainer().getOrDefault(target, BALDA_404));
        }
        assertThat(answers).isEqualTo(expected);
    }

    @Test
    void aSymbolicLinkIsABaldaNotFoundUnlessTheFileIsReachedWithoutIt() throws Exception {
        assertError(get("/files/leak.txt"), 404, "NOT_FOUND");
        assertError(get("/files/alias.js"), 404, "NOT_FOUND");
        assertThat(get("/files/app.js").statusCode()).isEqualTo(200);
    }

    @Test
    void aFileWithItsValidators() throws Exception {
        HttpResponse<String> r = get("/files/app.js");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("console.log('served');");
        assertContentType(r, "text/javascript; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Length")).hasValue("22");
        assertThat(r.headers().firstValue("ETag")).hasValueSatisfying(tag -> assertThat(tag).startsWith("\""));
        assertThat(r.headers().firstValue("Last-Modified")).isPresent();
        assertThat(r.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=0");

        HttpResponse<String> head = send("HEAD", "/files/app.js");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("22");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void conditionalRequestsAnswer304() throws Exception {
        HttpResponse<String> first = get("/files/app.js");

        HttpResponse<String> byTag = get("/files/app.js", "If-None-Match", first.headers().firstValue("ETag").orElseThrow());
        HttpResponse<String> byDate = get("/files/app.js", "If-Modified-Since",
                first.headers().firstValue("Last-Modified").orElseThrow());

        assertThat(byTag.statusCode()).isEqualTo(304);
        assertThat(byTag.body()).isEmpty();
        assertThat(byDate.statusCode()).isEqualTo(304);
    }

    @Test
    void rangesAre206Or416() throws Exception {
        HttpResponse<String> part = get("/files/digits.txt", "Range", "bytes=3-6");
        HttpResponse<String> outside = get("/files/digits.txt", "Range", "bytes=50-");
        HttpResponse<String> several = get("/files/digits.txt", "Range", "bytes=0-1,5-6");

        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("3456");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 3-6/10");
        assertError(outside, 416, "RANGE_NOT_SATISFIABLE");
        assertThat(outside.headers().firstValue("Content-Range")).hasValue("bytes */10");
        assertThat(several.statusCode()).isEqualTo(200);
        assertThat(several.body()).isEqualTo("0123456789");
    }

    @Test
    void aLargeFileIsStreamedWholeAndInPart() throws Exception {
        HttpResponse<byte[]> whole = getBytes("/files/big.bin");
        HttpResponse<byte[]> tail = getBytes("/files/big.bin", "Range", "bytes=-1000");
        HttpResponse<byte[]> middle = getBytes("/files/big.bin", "Range", "bytes=1000000-2999999");

        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.headers().firstValue("Content-Length")).hasValue(String.valueOf(big.length));
        assertThat(MessageDigest.getInstance("SHA-256").digest(whole.body()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(big));
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(java.util.Arrays.copyOfRange(big, big.length - 1000, big.length));
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 1000000-2999999/" + big.length);
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(big, 1_000_000, 3_000_000));
    }

    @Test
    void aFolderRedirectsToItsSlashThenServesItsIndex() throws Exception {
        HttpResponse<String> redirect = get("/files/sub?x=1");
        HttpResponse<String> index = get("/files/sub/");

        assertThat(redirect.statusCode()).isEqualTo(301);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/files/sub/?x=1");
        assertThat(index.body()).isEqualTo("<h1>sub</h1>");
    }

    @Test
    void dotfilesAreNotServed() throws Exception {
        assertError(get("/files/.env"), 404, "ROUTE_NOT_FOUND");
    }

    @Test
    void theWarsOwnFilesAreServedBesideTheRoutes() throws Exception {
        HttpResponse<String> index = get("/");
        HttpResponse<String> css = get("/assets/site.css");

        assertThat(index.body()).isEqualTo("<h1>from the WAR</h1>");
        assertContentType(index, "text/html; charset=utf-8");
        assertThat(css.body()).isEqualTo("body { margin: 0 }");
        assertContentType(css, "text/css; charset=utf-8");
        assertThat(get("/api/health").body()).isEqualTo("healthy");
        assertError(get("/assets/missing.css"), 404, "ROUTE_NOT_FOUND");
        assertThat(get("/files/app.js").body()).isEqualTo("console.log('served');");
    }

    /** Containers write parameters their own way ({@code a; b} or {@code a;b}): compare without spaces. */
    static void assertContentType(HttpResponse<?> r, String expected) {
        assertThat(r.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase())
                .isEqualTo(expected.replace(" ", ""));
    }
}
