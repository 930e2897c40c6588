package dev.balda.it.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.testkit.http.RawHttp;
import dev.balda.testkit.http.RawHttpResponse;
import dev.balda.testkit.junit.EmbeddedServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow request bodies cannot take the server down: bodies are read without holding a container
 * thread, within a deadline and a minimum rate. Each container runs with its default thread pool
 * (200 threads on both), so 250 connections trickling bodies would starve it if any thread
 * waited on them.
 */
abstract class SlowBodySuite {
    static final int TRICKLERS = 250;
    static final Duration TRICKLE_WINDOW = Duration.ofSeconds(12);

    /** No rate check and the default 60 s deadline: the trickling bodies stay open for the whole window. */
    static Balda patientApp() {
        Balda app = Balda.create(o -> o.minBodyRate(0));
        app.get("/api/health", (req, res) -> Map.of("status", "ok"));
        app.post("/api/echo", (req, res) -> req.bodyText());
        app.post("/api/fail-mid-stream", (req, res) -> {
            var out = res.stream("text/plain");
            out.write(("got " + req.bodyText() + ", then ").getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("failed after the stream started");
        });
        return app;
    }

    /** A 2 s whole-body deadline. */
    static Balda strictApp() {
        Balda app = Balda.create(o -> o.bodyTimeout(Duration.ofSeconds(2)));
        app.post("/api/echo", (req, res) -> req.bodyText());
        return app;
    }

    /** A minimum rate of 1,000 bytes per second, checked after the first 5 s. */
    static Balda rateApp() {
        Balda app = Balda.create(o -> o.minBodyRate(1000));
        app.post("/api/echo", (req, res) -> req.bodyText());
        return app;
    }

    abstract EmbeddedServerExtension patient();

    abstract EmbeddedServerExtension strict();

    abstract EmbeddedServerExtension rate();

    /** Opens a connection and sends a request head announcing a body of {@code length} bytes. */
    private static Socket startBody(URI base, int length) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/echo HTTP/1.1\r\nHost: " + base.getHost() + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return socket;
    }

    @Test
    void twoHundredFiftyTricklingBodiesLeaveTheServerAnswering() throws Exception {
        URI base = patient().baseUri();
        List<Socket> sockets = new ArrayList<>();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        HttpClient health = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            for (int i = 0; i < TRICKLERS; i++) {
                sockets.add(startBody(base, 200));
            }
            // One byte every 5 s on each connection, as in the report that found the problem.
            trickle.scheduleAtFixedRate(() -> {
                for (Socket socket : sockets) {
                    try {
                        socket.getOutputStream().write('x');
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        // checked at the end: every trickling connection must still be open
                    }
                }
            }, 0, 5, TimeUnit.SECONDS);

            long end = System.nanoTime() + TRICKLE_WINDOW.toNanos();
            long slowest = 0;
            int answers = 0;
            while (System.nanoTime() < end) {
                long start = System.nanoTime();
                HttpResponse<String> r = health.send(HttpRequest.newBuilder(patient().uri("/api/health"))
                        .timeout(Duration.ofSeconds(1)).build(), BodyHandlers.ofString());
                long took = System.nanoTime() - start;
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo("{\"status\":\"ok\"}");
                slowest = Math.max(slowest, took);
                answers++;
                TimeUnit.MILLISECONDS.sleep(100); // pacing of the probe, not a wait for the server
            }
            System.out.printf("%s: %d trickling connections, %d health answers in %d s, slowest %d ms%n",
                    patient().type(), TRICKLERS, answers, TRICKLE_WINDOW.toSeconds(), slowest / 1_000_000);
            // The mechanism, independent of how busy the machine is: no thread of the (embedded, same
            // JVM) container waits in a blocking body read for the trickling clients.
            assertThat(threadsInBlockingBodyReads()).as("threads waiting in a blocking body read").isZero();
            assertThat(slowest).as("slowest health answer").isLessThan(TimeUnit.SECONDS.toNanos(1));
            // The trickling requests are all still in progress: none was answered or dropped.
            for (Socket socket : sockets) {
                assertThat(socket.isClosed()).isFalse();
                assertThat(socket.getInputStream().available()).isZero();
            }
        } finally {
            trickle.shutdownNow();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    @Test
    void aBodyStalledPastItsDeadlineGets408AndTheConnectionCloses() throws Exception {
        try (Socket socket = startBody(strict().baseUri(), 100)) {
            socket.getOutputStream().write("only ten b".getBytes(StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            InputStream in = socket.getInputStream();
            RawHttpResponse r = RawHttp.read(in, false);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("{\"code\":\"REQUEST_TIMEOUT\",\"message\":");
            assertThat(took).isBetween(1500L, 6000L);
            assertThat(readToEnd(in)).as("the server closes the connection").isTrue();
        }
    }

    @Test
    void aBodyWhoseFirstPartCameWithTheHeadIsReadWholeWhenTheRestFollows() throws Exception {
        String body = "the first part came with the head; the rest of it follows later";
        int split = 30;
        for (int round = 0; round < 5; round++) {
            try (Socket socket = new Socket()) {
                URI base = patient().baseUri();
                socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                // Head and first part in one packet, as small bodies come: the server takes what has
                // arrived at once and waits for the rest without a thread.
                out.write(("POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: "
                        + body.length() + "\r\n\r\n" + body.substring(0, split)).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                TimeUnit.MILLISECONDS.sleep(50 + 50 * round); // the client's pause between the parts: the scenario
                out.write(body.substring(split).getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                RawHttpResponse r = RawHttp.read(socket.getInputStream(), false);
                assertThat(r.status()).isEqualTo(200);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(body);
            }
        }
    }

    @Test
    void aBodySlowerThanTheMinimumRateGets408() throws Exception {
        try (Socket socket = startBody(rate().baseUri(), 100_000)) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(100);
            long start = System.nanoTime();
            RawHttpResponse r = null;
            // 100 bytes every 100 ms is 1,000 bytes/s at best: below the minimum once the writes lag.
            while (r == null && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                try {
                    out.write(new byte[50]);
                    out.flush();
                } catch (IOException closed) {
                    socket.setSoTimeout(5000);
                }
                try {
                    if (in.available() > 0 || socket.getSoTimeout() == 5000) {
                        socket.setSoTimeout(5000);
                        r = RawHttp.read(in, false);
                    } else {
                        TimeUnit.MILLISECONDS.sleep(100); // the client's pace
                    }
                } catch (SocketTimeoutException notYet) {
                    // nothing yet
                }
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(r).as("an answer within 10 s").isNotNull();
            assertThat(r.status()).isEqualTo(408);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("REQUEST_TIMEOUT");
            assertThat(took).isGreaterThanOrEqualTo(4500L);
        }
    }

    @Test
    void aBodyThatArrivesInTimeIsServedAndExpectContinueWorks() throws Exception {
        HttpResponse<String> r = patient().httpClient().send(HttpRequest.newBuilder(patient().uri("/api/echo"))
                .expectContinue(true).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hello after 100")).timeout(Duration.ofSeconds(10)).build(),
                BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello after 100");
    }

    @Test
    void aStreamThatFailsAfterTheBodyWasReadAheadEndsAsABrokenResponse() throws Exception {
        RawHttpResponse r = RawHttp.send(patient().baseUri(), "POST /api/fail-mid-stream HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("got hello, then ");
        assertThat(r.complete()).as("the client must see the response as broken, not complete").isFalse();
    }

    /** Threads inside Balda's blocking body reader (used only where a request cannot be suspended). */
    private static long threadsInBlockingBodyReads() {
        return Thread.getAllStackTraces().values().stream()
                .filter(stack -> java.util.Arrays.stream(stack)
                        .anyMatch(frame -> frame.getClassName().equals("dev.balda.internal.BodyReader")))
                .count();
    }

    /** Whether the peer closed the connection within the socket's timeout (data before the end is read away). */
    private static boolean readToEnd(InputStream in) throws IOException {
        try {
            byte[] buffer = new byte[1024];
            while (in.read(buffer) >= 0) {
                // drain
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
