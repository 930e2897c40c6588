package dev.balda.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import dev.balda.plugin.compression.CompressionPlugin;
import dev.balda.plugin.staticfiles.StaticPlugin;
import dev.balda.transport.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large files go to a transport that sends files itself (Tomcat's sendfile) when nothing needs their bytes. */
class SendFileTest {
    @TempDir
    Path dir;
    Path big;
    Path small;

    @BeforeEach
    void files() throws IOException {
        big = Files.write(dir.resolve("big.txt"), "x".repeat(100_000).getBytes());
        small = Files.write(dir.resolve("small.txt"), "x".repeat(1_000).getBytes());
    }

    /** A memory exchange whose transport can send files: it records the request and writes nothing. */
    private static final class SendingExchange implements Exchange {
        final MemoryExchange memory;
        final List<String> sent = new ArrayList<>();

        SendingExchange(MemoryExchange memory) {
            this.memory = memory;
        }

        @Override
        public boolean sendFile(Path file, long offset, long length) {
            sent.add(file.getFileName() + " " + offset + "+" + length);
            return true;
        }

        // Everything else is the memory exchange's.
        @Override public String method() { return memory.method(); }
        @Override public String rawPath() { return memory.rawPath(); }
        @Override public String rawQuery() { return memory.rawQuery(); }
        @Override public String contextPath() { return memory.contextPath(); }
        @Override public String scheme() { return memory.scheme(); }
        @Override public String host() { return memory.host(); }
        @Override public String header(String name) { return memory.header(name); }
        @Override public List<String> headers(String name) { return memory.headers(name); }
        @Override public Collection<String> headerNames() { return memory.headerNames(); }
        @Override public long contentLength() { return memory.contentLength(); }
        @Override public InputStream requestBody() { return memory.requestBody(); }
        @Override public String remoteAddress() { return memory.remoteAddress(); }
        @Override public Principal userPrincipal() { return memory.userPrincipal(); }
        @Override public HttpServletRequest servletRequest() { return null; }
        @Override public HttpServletResponse servletResponse() { return null; }
        @Override public void setStatus(int status) { memory.setStatus(status); }
        @Override public void addHeader(String name, String value) { memory.addHeader(name, value); }
        @Override public void setContentLength(long length) { memory.setContentLength(length); }
        @Override public OutputStream responseBody() { return memory.responseBody(); }
        @Override public AsyncHandle startAsync(Runnable onClientGone) { return memory.startAsync(onClientGone); }
        @Override public void abort(Throwable cause) { memory.abort(cause); }
    }

    private SendingExchange run(Balda app, MemoryExchange.Builder request) throws IOException {
        SendingExchange exchange = new SendingExchange(request.build());
        app.handle(exchange);
        exchange.memory.handled();
        return exchange;
    }

    @Test
    void aLargeFileIsHandedToTheTransportWithItsLength() throws IOException {
        Balda app = Balda.create();
        app.get("/big", (req, res) -> res.file(big));
        app.get("/small", (req, res) -> res.file(small));

        SendingExchange large = run(app, MemoryExchange.request("GET", "/big"));
        SendingExchange little = run(app, MemoryExchange.request("GET", "/small"));

        assertThat(large.sent).containsExactly("big.txt 0+100000");
        assertThat(large.memory.responseHeader("Content-Length")).isEqualTo("100000");
        assertThat(large.memory.responseBodyBytes()).as("the transport writes it, not Balda").isEmpty();
        assertThat(little.sent).as("a small file is cheaper to copy").isEmpty();
        assertThat(little.memory.responseBodyBytes()).hasSize(1_000);
    }

    @Test
    void aRangeOfAStaticFileIsHandedOverWithItsOffset() throws IOException {
        Balda app = Balda.create();
        app.use(StaticPlugin.builder().directory(dir).cacheMaxFileSize(0).build());

        SendingExchange part = run(app, MemoryExchange.request("GET", "/big.txt").header("Range", "bytes=1000-60999"));

        assertThat(part.memory.status()).isEqualTo(206);
        assertThat(part.sent).containsExactly("big.txt 1000+60000");
        assertThat(part.memory.responseHeader("Content-Length")).isEqualTo("60000");
    }

    @Test
    void notForHeadNorWhenTheBodyIsEncoded() throws IOException {
        Balda app = Balda.create();
        app.use(CompressionPlugin.defaults());
        app.get("/big", (req, res) -> res.contentType("text/plain").file(big));

        SendingExchange head = run(app, MemoryExchange.request("HEAD", "/big"));
        SendingExchange gzipped = run(app, MemoryExchange.request("GET", "/big").header("Accept-Encoding", "gzip"));
        SendingExchange plain = run(app, MemoryExchange.request("GET", "/big"));

        assertThat(head.sent).isEmpty();
        assertThat(gzipped.sent).isEmpty();
        assertThat(gzipped.memory.responseHeader("Content-Encoding")).isEqualTo("gzip");
        assertThat(plain.sent).as("a client without Accept-Encoding gets the file as it is").hasSize(1);
    }
}
