package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** What the plugin suites share: requests with the JDK client, the error shape, a temp directory to watch. */
abstract class PluginHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    abstract EmbeddedServerExtension server();

    static Path tempDirectory(String name) {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target", "plugin-suites")), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files left in a directory (none may be, after any request). */
    static long filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.count();
        }
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server().uri(path)).timeout(TIMEOUT);
        if (headers.length > 0) {
            b.headers(headers);
        }
        return server().httpClient().send(b.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server().uri(path)).timeout(TIMEOUT)
                .POST(BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return server().httpClient().send(b.build(), BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        return post(path, contentType, body.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    /** A POST whose body has no length: sent chunked. */
    HttpResponse<String> postChunked(String path, String contentType, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server().uri(path)).timeout(TIMEOUT)
                .header("Content-Type", contentType)
                .POST(BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build();
        return server().httpClient().send(request, BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.statusCode() + " " + r.body())
                .startsWith("application/json");
        return JSON.readTree(r.body());
    }

    static void assertError(HttpResponse<String> r, int status, String code) throws IOException {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(r);
        assertThat(body.get("code").asText()).as(r.body()).isEqualTo(code);
        assertThat(body.get("message").asText()).isNotBlank();
        assertThat(body.has("stack")).isFalse();
    }
}
