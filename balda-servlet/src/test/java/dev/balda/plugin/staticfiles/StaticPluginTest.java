package dev.balda.plugin.staticfiles;

import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticPluginTest {
    private static final String SECRET = "the secret outside the root";

    @TempDir
    Path temp;
    Path root;
    Path outside;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(temp.resolve("public"));
        outside = Files.writeString(temp.resolve("secret.txt"), SECRET);
        Files.writeString(root.resolve("app.js"), "console.log('hi');");
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve(".env"), "PASSWORD=1");
        Files.createDirectories(root.resolve(".git"));
        Files.writeString(root.resolve(".git/config"), "[core]");
        Files.writeString(root.resolve("%2e%2e"), "a file really named %2e%2e");
        Files.writeString(root.resolve("digits.txt"), "0123456789");
    }

    private Balda app(StaticPlugin plugin) {
        Balda app = Balda.create();
        app.use(plugin);
        app.get("/api/health", (req, res) -> "healthy");
        app.get("/files/generated", (req, res) -> "from a route");
        return app;
    }

    private Balda app() {
        return app(StaticPlugin.directory(root));
    }

    private static MemoryExchange get(Balda app, String target, String... headers) {
        MemoryExchange.Builder request = MemoryExchange.request("GET", target);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return run(app, request);
    }

    // ------------------------------------------------------------------ serving

    @Test
    void aFileWithItsTypeLengthAndValidators() throws IOException {
        Files.setLastModifiedTime(root.resolve("app.js"), FileTime.from(Instant.parse("2024-05-06T07:08:09.123Z")));

        MemoryExchange ex = get(app(), "/app.js");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("console.log('hi');");
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("18");
        assertThat(ex.responseHeader("Last-Modified")).isEqualTo("Mon, 06 May 2024 07:08:09 GMT");
        assertThat(ex.responseHeader("ETag")).matches("\"[0-9a-f]+-12\"");
        assertThat(ex.responseHeader("Cache-Control")).isEqualTo("public, max-age=0");
        assertThat(ex.responseHeader("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void headSendsTheHeadersWithoutTheBody() {
        MemoryExchange ex = run(app(), "HEAD", "/app.js");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("18");
        assertThat(ex.responseBodyBytes()).isEmpty();
    }

    @Test
    void otherMethodsAndPathsWithoutAFileGoOnToTheRoutes() {
        Balda app = app();

        assertThat(get(app, "/api/health").responseBodyText()).isEqualTo("healthy");
        assertThat(get(app, "/files/generated").responseBodyText()).isEqualTo("from a route");
        MemoryExchange missing = get(app, "/missing.css");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(jsonMap(missing)).containsEntry("code", "ROUTE_NOT_FOUND");
        assertThat(run(app, "POST", "/app.js").status()).isEqualTo(404);
    }

    @Test
    void aPrefixServesOnlyBelowIt() {
        Balda app = app(StaticPlugin.builder().directory(root).prefix("/assets/").build());

        assertThat(get(app, "/assets/app.js").status()).isEqualTo(200);
        assertThat(get(app, "/app.js").status()).isEqualTo(404);
        assertThat(get(app, "/assetsapp.js").status()).isEqualTo(404);
        MemoryExchange bare = get(app, "/assets");
        assertThat(bare.status()).isEqualTo(301);
        assertThat(bare.responseHeader("Location")).isEqualTo("/assets/");
    }

    @Test
    void aFolderIsAnsweredByItsIndexAfterARedirectToTheSlash() {
        Balda app = app();

        assertThat(get(app, "/").responseBodyText()).isEqualTo("<h1>home</h1>");
        MemoryExchange redirect = run(app, MemoryExchange.request("GET", "/shop/docs?x=1").contextPath("/shop"));
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.responseHeader("Location")).isEqualTo("/shop/docs/?x=1");
        MemoryExchange index = get(app, "/docs/");
        assertThat(index.responseBodyText()).isEqualTo("<h1>docs</h1>");
        assertThat(index.responseHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(get(app, "/empty/").status()).as("no index, no listing").isEqualTo(404);
    }

    @Test
    void indexCanBeRenamedOrTurnedOff() throws IOException {
        Files.writeString(root.resolve("docs/default.htm"), "default");
        assertThat(get(app(StaticPlugin.builder().directory(root).index("default.htm").build()), "/docs/").responseBodyText())
                .isEqualTo("default");
        assertThat(get(app(StaticPlugin.builder().directory(root).index(null).build()), "/docs/").status()).isEqualTo(404);
    }

    @Test
    void maxAgeAndImmutable() {
        Balda app = app(StaticPlugin.builder().directory(root).maxAge(Duration.ofDays(365)).immutable(true).build());

        assertThat(get(app, "/app.js").responseHeader("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
    }

    // ------------------------------------------------------------------ conditional requests

    @Test
    void ifNoneMatchAndIfModifiedSinceAnswer304() {
        Balda app = app();
        MemoryExchange first = get(app, "/app.js");
        String etag = first.responseHeader("ETag");
        String lastModified = first.responseHeader("Last-Modified");

        MemoryExchange byTag = get(app, "/app.js", "If-None-Match", "\"other\", W/" + etag);
        MemoryExchange byDate = get(app, "/app.js", "If-Modified-Since", lastModified);
        MemoryExchange star = get(app, "/app.js", "If-None-Match", "*");
        MemoryExchange tagWins = get(app, "/app.js", "If-None-Match", "\"other\"", "If-Modified-Since", lastModified);

        assertThat(byTag.status()).isEqualTo(304);
        assertThat(byTag.responseBodyBytes()).isEmpty();
        assertThat(byTag.responseHeader("ETag")).isEqualTo(etag);
        assertThat(byTag.responseHeader("Content-Type")).isNull();
        assertThat(byDate.status()).isEqualTo(304);
        assertThat(star.status()).isEqualTo(304);
        assertThat(tagWins.status()).as("If-None-Match decides when present").isEqualTo(200);
        assertThat(get(app, "/app.js", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").status()).isEqualTo(200);
        assertThat(get(app, "/app.js", "If-Modified-Since", "yesterday").status()).isEqualTo(200);
    }

    @Test
    void ifMatchAndIfUnmodifiedSinceAnswer412() {
        Balda app = app();
        String etag = get(app, "/app.js").responseHeader("ETag");

        assertThat(get(app, "/app.js", "If-Match", etag).status()).isEqualTo(200);
        assertThat(get(app, "/app.js", "If-Match", "W/" + etag).status()).as("strong comparison").isEqualTo(412);
        assertThat(get(app, "/app.js", "If-Match", "\"old\"").status()).isEqualTo(412);
        assertThat(get(app, "/app.js", "If-Unmodified-Since", "Thu, 01 Jan 1970 00:00:00 GMT").status()).isEqualTo(412);
    }

    // ------------------------------------------------------------------ ranges

    @Test
    void oneRangeIs206() {
        Balda app = app();

        MemoryExchange first = get(app, "/digits.txt", "Range", "bytes=2-4");
        MemoryExchange open = get(app, "/digits.txt", "Range", "bytes=7-");
        MemoryExchange suffix = get(app, "/digits.txt", "Range", "bytes=-3");
        MemoryExchange clipped = get(app, "/digits.txt", "Range", "bytes=8-100");

        assertThat(first.status()).isEqualTo(206);
        assertThat(first.responseBodyText()).isEqualTo("234");
        assertThat(first.responseHeader("Content-Range")).isEqualTo("bytes 2-4/10");
        assertThat(first.responseHeader("Content-Length")).isEqualTo("3");
        assertThat(open.responseBodyText()).isEqualTo("789");
        assertThat(suffix.responseBodyText()).isEqualTo("789");
        assertThat(clipped.responseBodyText()).isEqualTo("89");
        assertThat(clipped.responseHeader("Content-Range")).isEqualTo("bytes 8-9/10");
    }

    @Test
    void anUnsatisfiableRangeIs416() {
        MemoryExchange ex = get(app(), "/digits.txt", "Range", "bytes=10-");

        assertThat(ex.status()).isEqualTo(416);
        assertThat(ex.responseHeader("Content-Range")).isEqualTo("bytes */10");
        assertThat(jsonMap(ex)).containsEntry("code", "RANGE_NOT_SATISFIABLE");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-1,4-5", "items=0-1", "bytes=5-2", "bytes=x-", "bytes=", "bytes=99999999999999999999-"})
    void severalRangesOrAMalformedOneGetTheWholeFile(String range) {
        MemoryExchange ex = get(app(), "/digits.txt", "Range", range);

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("0123456789");
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheSameVersion() {
        Balda app = app();
        MemoryExchange first = get(app, "/digits.txt");

        assertThat(get(app, "/digits.txt", "Range", "bytes=0-0", "If-Range", first.responseHeader("ETag")).status())
                .isEqualTo(206);
        assertThat(get(app, "/digits.txt", "Range", "bytes=0-0", "If-Range", "\"old\"").status()).isEqualTo(200);
        assertThat(get(app, "/digits.txt", "Range", "bytes=0-0", "If-Range", first.responseHeader("Last-Modified"))
                .status()).isEqualTo(206);
    }

    @Test
    void aLargeFileIsStreamedAndItsRangesReadFromTheOffset() throws IOException {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ('a' + i % 26);
        }
        Files.write(root.resolve("big.bin"), big);
        Balda app = app(StaticPlugin.builder().directory(root).cacheMaxFileSize(1024).build());

        MemoryExchange whole = get(app, "/big.bin");
        MemoryExchange part = get(app, "/big.bin", "Range", "bytes=200000-200009");

        assertThat(whole.responseBodyBytes()).isEqualTo(big);
        assertThat(whole.responseHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(part.responseBodyText()).isEqualTo(new String(big, 200_000, 10, StandardCharsets.US_ASCII));
    }

    @Test
    void aChangedFileIsServedAnewEvenWhenCached() throws IOException {
        Balda app = app(StaticPlugin.builder().directory(root).checkInterval(Duration.ZERO).build());
        Path file = root.resolve("app.js");
        assertThat(get(app, "/app.js").responseBodyText()).isEqualTo("console.log('hi');");

        Files.writeString(file, "changed, and longer");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(get(app, "/app.js").responseBodyText()).isEqualTo("changed, and longer");
    }

    // ------------------------------------------------------------------ dotfiles

    @Test
    void dotfilesAreIgnoredByDefault() {
        assertThat(jsonMap(get(app(), "/.env"))).containsEntry("code", "ROUTE_NOT_FOUND");
        assertThat(get(app(), "/.git/config").status()).isEqualTo(404);
    }

    @Test
    void dotfilesCanBeDeniedOrAllowed() {
        Balda deny = app(StaticPlugin.builder().directory(root).dotfiles(Dotfiles.DENY).build());
        Balda allow = app(StaticPlugin.builder().directory(root).dotfiles(Dotfiles.ALLOW).build());

        assertThat(get(deny, "/.git/config").status()).isEqualTo(403);
        assertThat(jsonMap(get(deny, "/.env"))).containsEntry("code", "FORBIDDEN");
        assertThat(get(allow, "/.env").responseBodyText()).isEqualTo("PASSWORD=1");
    }

    // ------------------------------------------------------------------ the root's walls

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt", "/..%2Fsecret.txt",
            "/%2e%2e%2fsecret.txt", "/docs/../../secret.txt", "/..%5Csecret.txt", "/..\\secret.txt", "/..;/secret.txt",
            "/docs/%2e%2e/%2e%2e/secret.txt", "/app.js%00.txt", "/C:%5Csecret.txt", "/./app.js"})
    void noPathLeavesTheRoot(String target) {
        MemoryExchange ex = get(app(), target);

        assertThat(ex.status()).as(target).isEqualTo(404);
        assertThat(jsonMap(ex)).as(target).containsEntry("code", "NOT_FOUND");
        assertThat(ex.responseBodyText()).doesNotContain(SECRET);
    }

    @Test
    void aDoubleEncodedDotDotStaysEncodedAndNamesNoFileOutside() {
        MemoryExchange traversal = get(app(), "/%252e%252e/secret.txt");
        MemoryExchange literal = get(app(), "/%252e%252e");

        assertThat(traversal.status()).isEqualTo(404);
        assertThat(traversal.responseBodyText()).doesNotContain(SECRET);
        assertThat(literal.responseBodyText()).as("decoded once: the file named %2e%2e").isEqualTo("a file really named %2e%2e");
    }

    @Test
    void symbolicLinksAreRefusedUnlessAllowed() throws IOException {
        Files.createSymbolicLink(root.resolve("leak.txt"), outside);
        Files.createSymbolicLink(root.resolve("alias.js"), root.resolve("app.js"));
        Files.createSymbolicLink(root.resolve("linked-dir"), root.resolve("docs"));

        Balda refusing = app();
        Balda following = app(StaticPlugin.builder().directory(root).followSymlinks(true).build());

        for (String target : new String[] {"/leak.txt", "/alias.js", "/linked-dir/index.html"}) {
            MemoryExchange ex = get(refusing, target);
            assertThat(ex.status()).as(target).isEqualTo(404);
            assertThat(ex.responseBodyText()).doesNotContain(SECRET);
        }
        assertThat(get(following, "/alias.js").responseBodyText()).isEqualTo("console.log('hi');");
        assertThat(get(following, "/leak.txt").responseBodyText()).isEqualTo(SECRET);
    }

    @Test
    void aRootThatIsItselfALinkIsFine() throws IOException {
        Path link = Files.createSymbolicLink(temp.resolve("public-link"), root);

        assertThat(get(app(StaticPlugin.directory(link)), "/app.js").status()).isEqualTo(200);
    }

    // ------------------------------------------------------------------ other sources

    @Test
    void aClassPathFolder() {
        Balda app = app(StaticPlugin.builder().classpath("static-test").prefix("/cp").build());

        assertThat(get(app, "/cp/hello.txt").responseBodyText()).isEqualTo("from the class path\n");
        assertThat(get(app, "/cp/sub/").responseBodyText()).isEqualTo("<h1>sub index</h1>\n");
        assertThat(get(app, "/cp/sub").status()).isEqualTo(301);
        assertThat(get(app, "/cp/../dev/balda/Exchanges.class").status()).isEqualTo(404);
        assertThat(get(app, "/cp/nope.txt").status()).isEqualTo(404);
    }

    @Test
    void aFolderInAJar() throws Exception {
        Path jar = temp.resolve("site.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("site/"));
            out.putNextEntry(new JarEntry("site/index.html"));
            out.write("<h1>jarred</h1>".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("site/data.txt"));
            out.write("0123456789".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new JarEntry("Secret.class"));
            out.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Balda app = app(StaticPlugin.builder().classpath("/site/", loader).build());

            assertThat(get(app, "/").responseBodyText()).isEqualTo("<h1>jarred</h1>");
            MemoryExchange range = get(app, "/data.txt", "Range", "bytes=3-5");
            assertThat(range.status()).isEqualTo(206);
            assertThat(range.responseBodyText()).isEqualTo("345");
            assertThat(get(app, "/data.txt").responseHeader("ETag")).isNotNull();
            assertThat(get(app, "/Secret.class").status()).isEqualTo(404);
        }
    }

    @Test
    void theWebappSourceOutsideAContainerLooksInSrcMainWebappAndFindsNothingHere() {
        MemoryExchange ex = get(app(StaticPlugin.webapp()), "/index.html");

        assertThat(ex.status()).isEqualTo(404);
        assertThat(jsonMap(ex)).containsEntry("code", "ROUTE_NOT_FOUND");
    }

    @Test
    void severalStaticPluginsWithTheirOwnPrefixes() {
        Balda app = Balda.create();
        app.use(StaticPlugin.builder().directory(root).prefix("/a").build(),
                StaticPlugin.builder().classpath("static-test").prefix("/b").build());

        assertThat(get(app, "/a/app.js").status()).isEqualTo(200);
        assertThat(get(app, "/b/hello.txt").status()).isEqualTo(200);
    }

    @Test
    void optionsAreCheckedWhenBuilt() throws IOException {
        Path file = Files.writeString(temp.resolve("file.txt"), "x");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().build())
                .withMessageContaining("a source is required");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.directory(temp.resolve("missing")))
                .withMessageContaining("does not exist");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.directory(file))
                .withMessageContaining("not a directory");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.classpath("/"))
                .withMessageContaining("publish your classes");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().webapp("/WEB-INF").build())
                .withMessageContaining("never served");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().directory(root).classpath("x").build())
                .withMessageContaining("one source per plugin");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().directory(root).prefix("/a/../b").build())
                .withMessageContaining("prefix");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().directory(root).index("../x").build())
                .withMessageContaining("index");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().directory(root)
                .maxAge(Duration.ofSeconds(-1)).build()).withMessageContaining("maxAge");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().directory(root)
                .cacheMaxFileSize(1000).cacheMaxBytes(10).build()).withMessageContaining("cacheMaxBytes");
        assertThatIllegalArgumentException().isThrownBy(() -> StaticPlugin.builder().directory(root)
                .checkInterval(Duration.ofSeconds(-1)).build()).withMessageContaining("checkInterval");
    }
}
