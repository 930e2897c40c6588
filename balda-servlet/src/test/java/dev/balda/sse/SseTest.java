package dev.balda.sse;

import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Server-sent-event streams through the pipeline. */
class SseTest {
    /** Only an upper bound for waiting on another thread; no assertion depends on timing. */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Balda app = Balda.create();
    private final CompletableFuture<SseStream> stream = new CompletableFuture<>();

    /** A route that opens an SSE stream, hands it to the test, and returns with it still open. */
    private void openStreamRoute() {
        app.get("/events", (req, res) -> {
            SseStream sse = res.sse();
            stream.complete(sse);
            return sse;
        });
    }

    @Test
    void theStreamIsCommittedWithEventStreamHeaders() {
        app.get("/events", (req, res) -> {
            res.header("X-Custom", "1");
            SseStream sse = res.sse();
            assertThat(res.committed()).isTrue();
            sse.close();
            return null;
        });

        MemoryExchange ex = get(app, "/events");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("text/event-stream; charset=utf-8");
        assertThat(ex.responseHeader("Cache-Control")).isEqualTo("no-cache");
        assertThat(ex.responseHeader("X-Accel-Buffering")).isEqualTo("no");
        assertThat(ex.responseHeader("X-Custom")).isEqualTo("1");
        assertThat(ex.responseHeader("Content-Length")).isNull();
    }

    @Test
    void eventsAndHeartbeatsAreFramed() throws Exception {
        app.get("/events", (req, res) -> {
            SseStream sse = res.sse();
            assertThat(sse.send("first")).isTrue();
            assertThat(sse.send(SseEvent.builder().id("2").event("update").data("a\nb").build())).isTrue();
            assertThat(sse.comment("ping")).isTrue();
            assertThat(sse.comment("two\nlines")).isTrue();
            assertThat(sse.send((String) null)).isTrue();
            sse.close();
            return sse;
        });

        MemoryExchange ex = get(app, "/events");

        assertThat(ex.awaitCompletion(WAIT)).isTrue();
        assertThat(ex.responseBodyText()).isEqualTo("data: first\n\n"
                + "id: 2\nevent: update\ndata: a\ndata: b\n\n"
                + ": ping\n\n"
                + ": two\n: lines\n\n"
                + "data: \n\n");
    }

    @Test
    void aStreamOutlivesItsHandlerUntilClosedFromAnotherThread() throws Exception {
        openStreamRoute();
        MemoryExchange ex = get(app, "/events");

        assertThat(ex.isAsync()).isTrue();
        assertThat(ex.awaitCompletion(Duration.ZERO)).as("still open after the handler returned").isFalse();
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sse.isOpen()).isTrue();

        CompletableFuture<Boolean> sent = CompletableFuture.supplyAsync(() -> {
            boolean ok = sse.send(SseEvent.builder().event("tick").data("1").build());
            ok &= sse.send(SseEvent.builder().event("tick").data("2").build());
            sse.close();
            return ok;
        });

        assertThat(sent.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(ex.awaitCompletion(WAIT)).isTrue();
        assertThat(sse.isOpen()).isFalse();
        assertThat(ex.responseBodyText()).isEqualTo("event: tick\ndata: 1\n\nevent: tick\ndata: 2\n\n");
        assertThat(ex.abortCause()).isNull();
    }

    @Test
    void sendReturnsFalseAfterTheClientLeftAndOnCloseRunsOnce() throws Exception {
        openStreamRoute();
        MemoryExchange ex = get(app, "/events");
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        AtomicInteger closes = new AtomicInteger();
        CountDownLatch closed = new CountDownLatch(1);
        sse.onClose(() -> {
            closes.incrementAndGet();
            closed.countDown();
        });
        assertThat(sse.send("before")).isTrue();

        ex.disconnect();

        assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(sse.isOpen()).isFalse();
        assertThat(sse.send("after")).isFalse();
        assertThat(sse.send(SseEvent.of("after"))).isFalse();
        assertThat(sse.comment("after")).isFalse();
        sse.close();
        ex.disconnect();
        assertThat(closes).hasValue(1);
        assertThat(ex.responseBodyText()).isEqualTo("data: before\n\n");
        assertThat(ex.awaitCompletion(Duration.ZERO)).isTrue();
    }

    @Test
    void aFailedWriteClosesTheStreamAndRunsOnClose() throws Exception {
        openStreamRoute();
        MemoryExchange ex = get(app, "/events");
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        AtomicInteger closes = new AtomicInteger();
        sse.onClose(closes::incrementAndGet);

        // The transport ends the exchange without telling the stream (as after a network error).
        ex.abort(new IOException("connection reset"));

        assertThat(sse.isOpen()).isTrue();
        assertThat(sse.comment("heartbeat")).isFalse();
        assertThat(sse.isOpen()).isFalse();
        assertThat(closes).hasValue(1);
    }

    @Test
    void onCloseRegisteredAfterCloseRunsAtOnce() throws Exception {
        openStreamRoute();
        get(app, "/events");
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        sse.close();
        List<String> calls = new ArrayList<>();

        sse.onClose(() -> calls.add("late"));

        assertThat(calls).containsExactly("late");
    }

    @Test
    void closeIsIdempotentAndCompletesTheExchange() throws Exception {
        openStreamRoute();
        MemoryExchange ex = get(app, "/events");
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        AtomicInteger closes = new AtomicInteger();
        sse.onClose(closes::incrementAndGet);

        sse.close();
        sse.close();

        assertThat(closes).hasValue(1);
        assertThat(ex.awaitCompletion(Duration.ZERO)).isTrue();
    }

    @Test
    void aFailingOnCloseCallbackDoesNotStopTheOthers() throws Exception {
        openStreamRoute();
        get(app, "/events");
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        List<String> calls = new ArrayList<>();
        sse.onClose(() -> {
            throw new IllegalStateException("callback bug");
        });
        sse.onClose(() -> calls.add("second"));

        sse.close();

        assertThat(calls).containsExactly("second");
    }

    @Test
    void onATransportWithoutAsyncTheStreamEndsWithItsHandler() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        app.get("/events", (req, res) -> {
            SseStream sse = res.sse();
            sse.onClose(closes::incrementAndGet);
            stream.complete(sse);
            sse.send("only while the handler runs");
            return sse;
        });
        MemoryExchange exchange = run(app, MemoryExchange.request("GET", "/events").withoutAsync());

        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sse.isOpen()).isFalse();
        assertThat(closes).hasValue(1);
        assertThat(sse.send("too late")).isFalse();
        assertThat(exchange.isAsync()).isFalse();
        assertThat(exchange.responseBodyText()).isEqualTo("data: only while the handler runs\n\n");
    }

    @Test
    void sseAfterTheResponseWasCommittedIsRefused() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        app.get("/events", (req, res) -> {
            res.stream("text/plain");
            try {
                res.sse();
            } catch (IllegalStateException e) {
                thrown.set(e);
            }
            return null;
        });

        get(app, "/events");

        assertThat(thrown.get())
                .hasMessage("The response was already committed; an SSE stream must be started first");
    }

    @Test
    void aHandlerFailingAfterItStartedTheStreamAbortsTheResponse() throws Exception {
        app.get("/events", (req, res) -> {
            SseStream sse = res.sse();
            stream.complete(sse);
            sse.send("partial");
            throw new IllegalStateException("producer failed");
        });

        MemoryExchange ex = get(app, "/events");
        SseStream sse = stream.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(ex.abortCause()).hasMessage("producer failed");
        assertThat(ex.awaitCompletion(Duration.ZERO)).isTrue();
        assertThat(sse.send("written by a producer that has not noticed yet")).isFalse();
        assertThat(sse.isOpen()).isFalse();
        assertThat(ex.responseBodyText()).isEqualTo("data: partial\n\n");
        assertThat(ex.status()).isEqualTo(200);
    }

    @Test
    void afterCodeCannotChangeACommittedStream() {
        app.use((req, res, next) -> {
            next.run();
            res.status(500).header("X-Late", "1").text("late body");
        });
        app.get("/events", (req, res) -> {
            SseStream sse = res.sse();
            sse.send("only this");
            sse.close();
            return null;
        });

        MemoryExchange ex = get(app, "/events");

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("X-Late")).isNull();
        assertThat(ex.responseBodyText()).isEqualTo("data: only this\n\n");
    }
}
