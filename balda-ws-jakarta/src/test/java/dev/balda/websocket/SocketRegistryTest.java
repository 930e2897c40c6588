package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The registry's own threads: they end before {@code stop} returns, as a container undeploying the application expects. */
class SocketRegistryTest {

    @Test
    void stopReturnsOnceItsThreadsHaveEnded() throws Exception {
        SocketRegistry registry = new SocketRegistry(Duration.ofMillis(300));
        Set<Thread> used = ConcurrentHashMap.newKeySet();
        CountDownLatch ran = new CountDownLatch(3);
        Runnable record = () -> {
            used.add(Thread.currentThread());
            ran.countDown();
        };
        registry.closer().execute(record);
        registry.pinger().execute(record);
        registry.schedule(record, Duration.ZERO);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(used).hasSize(3);

        registry.stop();

        assertThat(used).as("threads still alive after stop").noneMatch(Thread::isAlive);
    }
}
