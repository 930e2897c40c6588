package dev.balda.plugin;

import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.balda.Balda;
import dev.balda.http.Middleware;
import dev.balda.http.Response;
import dev.balda.internal.MemoryExchange;
import dev.balda.sse.SseStream;
import java.io.ByteArrayInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine hooks plugins use: body encoders, end listeners, streamed bodies. */
class ResponseHooksTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final Balda app = Balda.create();
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    /** Upper-cases ASCII letters, marks the response, and records what the engine asked and did. */
    private final class UpperCase implements BodyEncoder {
        @Override
        public Encoding select(Response res, long length) {
            events.add("select " + length);
            res.header("Content-Encoding", "x-upper");
            return body -> new FilterOutputStream(body) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b >= 'a' && b <= 'z' ? b - 32 : b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    for (int i = off; i < off + len; i++) {
                        write(b[i]);
                    }
                }

                @Override
                public void flush() throws IOException {
                    events.add("flush");
                    super.flush();
                }

                @Override
                public void close() throws IOException {
                    events.add("close");
                    out.close();
                }
            };
        }
    }

    private final Middleware encode = (req, res, next) -> {
        ResponseHooks.encodeBody(res, new UpperCase());
        next.run();
    };

    private final Middleware listen = (req, res, next) -> {
        ResponseHooks.onEnd(res, new ResponseListener() {
            @Override
            public void ended(Response r, long bytes, Throwable failure) {
                events.add("ended " + r.status() + " " + bytes + (failure == null ? "" : " " + failure.getClass().getSimpleName()));
            }

            @Override
            public void released() {
                events.add("released");
            }
        });
        next.run();
    };

    // ------------------------------------------------------------------ encoders

    @Test
    void aBufferedBodyIsEncodedWithItsEncodedLength() {
        app.use(encode);
        app.get("/", (req, res) -> "hello");

        MemoryExchange ex = get(app, "/");

        assertThat(ex.responseBodyText()).isEqualTo("HELLO");
        assertThat(ex.responseHeader("Content-Encoding")).isEqualTo("x-upper");
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("5");
        assertThat(events).containsExactly("select 5", "close");
    }

    @Test
    void aFileIsEncodedWhileStreamedWithoutALength() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "from disk");
        app.use(encode);
        app.get("/", (req, res) -> res.file(file));

        MemoryExchange ex = get(app, "/");

        assertThat(ex.responseBodyText()).isEqualTo("FROM DISK");
        assertThat(ex.responseHeader("Content-Length")).as("the encoded length is not known up front").isNull();
        assertThat(events).containsExactly("select 9", "close");
    }

    @Test
    void aStreamIsEncodedFlushedAndEndedWhenTheHandlerReturns() {
        app.use(encode);
        app.get("/", (req, res) -> {
            OutputStream out = res.stream("text/plain");
            out.write("one ".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("two".getBytes(StandardCharsets.UTF_8));
            return null;
        });

        MemoryExchange ex = get(app, "/");

        assertThat(ex.responseBodyText()).isEqualTo("ONE TWO");
        assertThat(events).containsExactly("select -1", "flush", "close");
    }

    @Test
    void aDeclaredLengthIsDroppedWhenAStreamIsEncoded() {
        app.use(encode);
        app.get("/", (req, res) -> {
            res.header("Content-Length", "3");
            res.stream("text/plain").write("abc".getBytes(StandardCharsets.UTF_8));
            return null;
        });

        assertThat(get(app, "/").responseHeader("Content-Length")).isNull();
    }

    @Test
    void anEventStreamIsEncodedEventByEventAndEndedWhenClosed() throws Exception {
        CompletableFuture<SseStream> stream = new CompletableFuture<>();
        app.use(encode);
        app.get("/", (req, res) -> {
            SseStream sse = res.sse();
            stream.complete(sse);
            return sse;
        });

        MemoryExchange ex = get(app, "/");
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        sse.send("hi");
        assertThat(ex.responseBodyText()).isEqualTo("DATA: HI\n\n");
        assertThat(events).as("each event is flushed through the encoding").contains("flush").doesNotContain("close");
        sse.close();

        assertThat(ex.awaitCompletion(WAIT)).isTrue();
        assertThat(events).endsWith("close");
    }

    @Test
    void noBodyMeansNoEncoder() {
        app.use(encode);
        app.get("/empty", (req, res) -> null);
        app.get("/none", (req, res) -> res.noContent());
        app.get("/same", (req, res) -> res.status(304));

        get(app, "/empty");
        get(app, "/none");
        get(app, "/same");

        assertThat(events).isEmpty();
    }

    @Test
    void aLaterEncoderReplacesAnEarlierOneSoABodyIsEncodedOnce() {
        app.use(encode, encode);
        app.get("/", (req, res) -> "abc");

        assertThat(get(app, "/").responseBodyText()).isEqualTo("ABC");
        assertThat(events).containsExactly("select 3", "close");
    }

    @Test
    void anErrorAnswerIsEncodedToo() {
        app.use(encode);
        app.get("/", (req, res) -> {
            throw new IllegalStateException("boom");
        });

        assertThat(get(app, "/").responseBodyText()).contains("INTERNAL_SERVER_ERROR").contains("\"MESSAGE\"");
    }

    // ------------------------------------------------------------------ listeners

    @Test
    void aListenerHearsOnceWithTheBytesWrittenThenTheRelease() {
        app.use(listen);
        app.get("/", (req, res) -> "hello");

        get(app, "/");

        assertThat(events).containsExactly("ended 200 5", "released");
    }

    @Test
    void theBytesAreTheEncodedOnes() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "0123456789");
        app.use(listen, encode);
        app.get("/buffered", (req, res) -> "abc");
        app.get("/file", (req, res) -> res.file(file));

        get(app, "/buffered");
        get(app, "/file");

        assertThat(events).contains("ended 200 3", "ended 200 10");
    }

    @Test
    void headWritesNoBodyBytes() {
        app.use(listen);
        app.get("/", (req, res) -> "hello");

        run(app, "HEAD", "/");

        assertThat(events).containsExactly("ended 200 0", "released");
    }

    @Test
    void theErrorStatusIsWhatTheListenerSees() {
        app.use(listen);
        app.get("/", (req, res) -> {
            throw new IllegalStateException("boom");
        });

        get(app, "/");

        assertThat(events.get(0)).startsWith("ended 500 ");
    }

    @Test
    void aStreamThatFailsAfterCommittingEndsWithTheFailure() {
        app.use(listen);
        app.get("/", (req, res) -> {
            res.stream("text/plain").write('x');
            throw new IllegalStateException("mid-stream");
        });

        MemoryExchange ex = get(app, "/");

        assertThat(ex.abortCause()).isInstanceOf(IllegalStateException.class);
        assertThat(events).containsExactly("ended 200 1 IllegalStateException", "released");
    }

    @Test
    void anEventStreamEndsWhenItClosesButReleasesTheThreadWhenTheHandlerReturns() throws Exception {
        CompletableFuture<SseStream> stream = new CompletableFuture<>();
        app.use(listen);
        app.get("/", (req, res) -> {
            SseStream sse = res.sse();
            stream.complete(sse);
            return sse;
        });

        MemoryExchange ex = get(app, "/");
        assertThat(events).containsExactly("released");
        stream.get(WAIT.toSeconds(), TimeUnit.SECONDS).send("x");
        stream.get(WAIT.toSeconds(), TimeUnit.SECONDS).close();

        assertThat(ex.awaitCompletion(WAIT)).isTrue();
        assertThat(events).containsExactly("released", "ended 200 9");
    }

    @Test
    void aDetachedResponseEndsAtOnceWithNoBytes() {
        app.use(listen);
        app.get("/", (req, res) -> {
            res.detach();
            return res;
        });

        get(app, "/");

        assertThat(events).containsExactly("ended 200 0", "released");
    }

    // ------------------------------------------------------------------ streamed bodies

    @Test
    void aStreamedBodyIsOpenedWhenWrittenWithItsLength() {
        app.use((req, res, next) -> {
            next.run();
            events.add("after chain, still changeable");
            res.header("X-Late", "yes");
        });
        app.get("/", (req, res) -> {
            res.contentType("text/plain");
            ResponseHooks.streamBody(res, 5, () -> {
                events.add("opened");
                return new ByteArrayInputStream("hello world".getBytes(StandardCharsets.UTF_8));
            });
            return null;
        });

        MemoryExchange ex = get(app, "/");

        assertThat(ex.responseBodyText()).as("exactly the declared length").isEqualTo("hello");
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("5");
        assertThat(ex.responseHeader("X-Late")).isEqualTo("yes");
        assertThat(events).containsExactly("after chain, still changeable", "opened");
    }

    @Test
    void aStreamedBodyIsNotOpenedForHead() {
        app.get("/", (req, res) -> {
            ResponseHooks.streamBody(res, 5, () -> {
                throw new AssertionError("opened for HEAD");
            });
            return null;
        });

        MemoryExchange ex = run(app, "HEAD", "/");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("5");
    }

    @Test
    void aSourceThatEndsTooSoonFailsTheResponse() {
        app.use(listen);
        app.get("/", (req, res) -> {
            ResponseHooks.streamBody(res, 10, () -> new ByteArrayInputStream(new byte[3]));
            return null;
        });

        get(app, "/");

        assertThat(events).containsExactly("ended 200 3 IOException", "released");
    }

    @Test
    void aSourceThatCannotBeOpenedIsA404() {
        app.get("/", (req, res) -> {
            ResponseHooks.streamBody(res, 10, () -> {
                throw new java.nio.file.NoSuchFileException("gone");
            });
            return null;
        });

        MemoryExchange ex = get(app, "/");

        assertThat(ex.status()).isEqualTo(404);
        assertThat(ex.responseBodyText()).contains("File not found");
    }

    @Test
    void hooksRefuseAResponseTheEngineDoesNotOwn() {
        Response wrapper = (Response) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Response.class},
                (proxy, method, args) -> null);

        assertThatIllegalStateException().isThrownBy(() -> ResponseHooks.encodeBody(wrapper, new UpperCase()))
                .withMessageContaining("pipeline's own response");
    }
}
