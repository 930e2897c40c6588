package dev.balda.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.http.HttpException;
import dev.balda.transport.Exchange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-ahead: spilling, limits and draining, the deadline; fed by hand as a transport would. */
class BodyPreReaderTest {
    @TempDir
    Path temp;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<Exchange.BodySink> sink = new AtomicReference<>();
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Boolean> onTransport = new AtomicReference<>();

    private final Exchange.Suspension suspension = new Exchange.Suspension() {
        @Override
        public void readBody(Exchange.BodySink s) {
            sink.set(s);
        }

        @Override
        public void resume(Runnable work) {
            work.run();
        }

        @Override
        public void complete() {
        }
    };

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private BodyBuffer start(int threshold, long limit, long timeoutMillis, long minRate) {
        BodyBuffer buffer = new BodyBuffer(threshold, temp, -1);
        new BodyPreReader(buffer, limit, TimeUnit.MILLISECONDS.toNanos(timeoutMillis), minRate, t -> {
            onTransport.set(t);
            done.countDown();
        }).start(suspension, scheduler);
        return buffer;
    }

    private long files() throws Exception {
        try (Stream<Path> s = Files.list(temp)) {
            return s.count();
        }
    }

    @Test
    void aSmallBodyStaysInMemoryAndALargeOneSpillsToAFileThatReleaseDeletes() throws Exception {
        BodyBuffer buffer = start(8, 100, 60_000, 0);
        assertThat(sink.get().data("12345".getBytes(), 0, 5)).isTrue();
        assertThat(buffer.inFile()).isFalse();
        assertThat(sink.get().data("67890".getBytes(), 0, 5)).isTrue();
        assertThat(buffer.inFile()).isTrue();
        sink.get().end();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(onTransport.get()).isTrue();
        assertThat(new String(buffer.bytes())).isEqualTo("1234567890");
        assertThat(new String(buffer.stream().readAllBytes())).isEqualTo("1234567890");
        assertThat(files()).isOne();
        buffer.release();
        assertThat(files()).isZero();
    }

    @Test
    void overTheLimitTheRestIsDroppedAndTheBodyIs413() throws Exception {
        BodyBuffer buffer = start(1024, 4, 60_000, 0);
        assertThat(sink.get().data("123456".getBytes(), 0, 6)).isTrue();
        sink.get().end();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(buffer::bytes).isInstanceOf(HttpException.class).extracting("status").isEqualTo(413);
        assertThat(buffer.abandoned()).isFalse();
    }

    @Test
    void farOverTheLimitReadingStopsAndTheConnectionIsAbandoned() throws Exception {
        BodyBuffer buffer = start(1024, 4, 60_000, 0);
        byte[] chunk = new byte[1024 * 1024];
        assertThat(sink.get().data(chunk, 0, chunk.length)).isTrue();
        assertThat(sink.get().data(chunk, 0, chunk.length)).isTrue();
        assertThat(sink.get().data(chunk, 0, chunk.length)).isFalse();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(buffer.abandoned()).isTrue();
        assertThatThrownBy(buffer::bytes).isInstanceOf(HttpException.class).extracting("status").isEqualTo(413);
    }

    @Test
    void aBodyPastItsDeadlineIs408FromTheTimer() throws Exception {
        BodyBuffer buffer = start(1024, 100, 50, 0);
        sink.get().data("a".getBytes(), 0, 1);
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(onTransport.get()).as("the timer resumes through the transport").isFalse();
        assertThat(buffer.failure().status()).isEqualTo(408);
        assertThat(buffer.failure().code()).isEqualTo("REQUEST_TIMEOUT");
        assertThat(buffer.abandoned()).isTrue();
        assertThat(sink.get().data("b".getBytes(), 0, 1)).as("late data is not read").isFalse();
    }

    @Test
    void aFailedReadIs400WhenAskedAndAbandonsTheConnection() throws Exception {
        BodyBuffer buffer = start(1024, 100, 60_000, 0);
        sink.get().failed(new java.io.EOFException("client went away"));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(buffer::bytes).isInstanceOf(HttpException.class).extracting("status").isEqualTo(400);
        assertThat(buffer.abandoned()).isTrue();
    }
}
