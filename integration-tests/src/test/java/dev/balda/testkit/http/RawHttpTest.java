package dev.balda.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.container.ContainerType;
import dev.balda.testkit.container.EmbeddedServer;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Raw HTTP against both embedded containers, and the response reader on its own. */
class RawHttpTest {
    private static final Map<ContainerType, EmbeddedServer> SERVERS = new EnumMap<>(ContainerType.class);

    @BeforeAll
    static void start() {
        for (ContainerType type : ContainerType.values()) {
            SERVERS.put(type, EmbeddedServer.start(type, app()));
        }
    }

    @AfterAll
    static void stop() {
        SERVERS.values().forEach(EmbeddedServer::stop);
    }

    private static Balda app() {
        Balda app = Balda.create();
        app.get("/hello", (req, res) -> "hello");
        app.get("/echo/:value", (req, res) -> req.param("value"));
        app.get("/chunks", (req, res) -> {
            OutputStream out = res.stream("text/plain; charset=utf-8");
            for (String piece : new String[] {"one,", "two,", "three"}) {
                out.write(piece.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return null;
        });
        app.get("/broken", (req, res) -> {
            OutputStream out = res.stream("text/plain");
            out.write("partial ".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("failed after the stream started");
        });
        return app;
    }

    private static URI base(ContainerType type) {
        return SERVERS.get(type).baseUri();
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void aRawGet(ContainerType type) throws Exception {
        RawHttpResponse r = RawHttp.get(base(type), "/hello");

        assertThat(r.statusLine()).startsWith("HTTP/1.1 200");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-length")).isEqualTo("5");
        assertThat(r.bodyText()).isEqualTo("hello");
        assertThat(r.complete()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void aRequestSentByteForByte(ContainerType type) throws Exception {
        URI base = base(type);
        RawHttpResponse r = RawHttp.send(base, "GET /echo/a%20b HTTP/1.1\r\nHost: localhost:" + base.getPort()
                + "\r\nConnection: close\r\n\r\n");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("a b");
        assertThat(r.complete()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void aMalformedRequestTargetIsABadRequest(ContainerType type) throws Exception {
        RawHttpResponse r = RawHttp.get(base(type), "/echo/%zz");

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void aChunkedBodyIsJoined(ContainerType type) throws Exception {
        RawHttpResponse r = RawHttp.get(base(type), "/chunks");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Transfer-Encoding")).isEqualToIgnoringCase("chunked");
        assertThat(r.header("Content-Length")).isNull();
        assertThat(r.bodyText()).isEqualTo("one,two,three");
        assertThat(r.complete()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(ContainerType.class)
    void aResponseAbortedMidStreamIsIncomplete(ContainerType type) throws Exception {
        RawHttpResponse r = RawHttp.get(base(type), "/broken");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).startsWith("partial ").doesNotContain("INTERNAL_SERVER_ERROR");
        assertThat(r.complete()).as("an aborted response must not look complete").isFalse();
        assertThat(r.toString()).contains("[incomplete body]");
    }

    @Test
    void theReaderFramesBodiesByLengthAndSkipsInterimResponses() throws Exception {
        byte[] wire = ("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 201 Created\r\nContent-Length: 3\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nabcEXTRA")
                .getBytes(StandardCharsets.ISO_8859_1);

        RawHttpResponse r = RawHttp.read(new ByteArrayInputStream(wire), false);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.headers("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(r.bodyText()).isEqualTo("abc");
        assertThat(r.complete()).isTrue();
    }

    @Test
    void aBodyShortOfItsLengthIsIncomplete() throws Exception {
        byte[] wire = "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.ISO_8859_1);

        RawHttpResponse r = RawHttp.read(new ByteArrayInputStream(wire), false);

        assertThat(r.bodyText()).isEqualTo("abc");
        assertThat(r.complete()).isFalse();
    }

    @Test
    void aChunkedBodyWithExtensionsAndTrailers() throws Exception {
        byte[] wire = ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

        RawHttpResponse r = RawHttp.read(new ByteArrayInputStream(wire), false);

        assertThat(r.bodyText()).isEqualTo("abcde");
        assertThat(r.complete()).isTrue();
    }
}
