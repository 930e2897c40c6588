package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The connection options: defaults, and a message naming the option for every bad value. */
class RedisOptionsTest {

    @Test
    void defaults() {
        RedisOptions options = RedisOptions.of("redis://127.0.0.1:6380/2");
        assertThat(options.uri()).isEqualTo("redis://127.0.0.1:6380/2");
        assertThat(options.describe()).isEqualTo("127.0.0.1:6380/2");
        assertThat(options.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.maxPendingCommands()).isEqualTo(10_000);
        assertThat(options.maxQueuedMessages()).isEqualTo(10_000);
        assertThat(options.maxQueuedBytes()).isEqualTo(16L * 1024 * 1024);
        assertThat(options.maxBatch()).isEqualTo(512);
        assertThat(options.channelPrefix()).isEqualTo("balda:topic:");
        assertThat(options.keyPrefix()).isEqualTo("balda:");
        assertThat(RedisOptions.of("redis://localhost").redisUri().getPort()).isEqualTo(6379);
    }

    @Test
    void thePasswordNeverReachesALogLine() {
        RedisOptions options = RedisOptions.of("redis://user:s3cret@cache.internal:6379");
        assertThat(options.describe()).isEqualTo("cache.internal:6379").doesNotContain("s3cret");
        assertThat(options.toString()).doesNotContain("s3cret");
    }

    @Test
    void aMissingOrBrokenUriSaysWhatToWrite() {
        assertThatThrownBy(() -> RedisOptions.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("uri:").hasMessageContaining("redis://");
        assertThatThrownBy(() -> RedisOptions.of("http://example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("uri: 'http://example.com' is not a Redis URI");
        assertThatThrownBy(() -> RedisOptions.of("  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("uri:");
    }

    @Test
    void everyBoundMustBePositive() {
        RedisOptions.Builder b = RedisOptions.builder().uri("redis://127.0.0.1");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO).build()).hasMessageStartingWith("connectTimeout");
        b.connectTimeout(Duration.ofSeconds(1));
        assertThatThrownBy(() -> b.commandTimeout(Duration.ofMillis(-1)).build()).hasMessageStartingWith("commandTimeout");
        b.commandTimeout(Duration.ofSeconds(1));
        assertThatThrownBy(() -> b.maxReconnectDelay(null).build()).hasMessageStartingWith("maxReconnectDelay");
        b.maxReconnectDelay(Duration.ofSeconds(1));
        assertThatThrownBy(() -> b.maxPendingCommands(0).build()).hasMessageStartingWith("maxPendingCommands");
        b.maxPendingCommands(100);
        assertThatThrownBy(() -> b.maxQueuedMessages(0).build()).hasMessageStartingWith("maxQueuedMessages");
        b.maxQueuedMessages(100);
        assertThatThrownBy(() -> b.maxQueuedBytes(0).build()).hasMessageStartingWith("maxQueuedBytes");
        b.maxQueuedBytes(1_000);
        assertThatThrownBy(() -> b.maxBatch(0).build()).hasMessageStartingWith("maxBatch");
        assertThatThrownBy(() -> b.maxBatch(101).build()).hasMessageStartingWith("maxBatch (101) must not exceed maxPendingCommands (100)");
        b.maxBatch(100);
        assertThatThrownBy(() -> b.channelPrefix(null).build()).hasMessageStartingWith("channelPrefix");
        assertThat(b.channelPrefix("shop:").build().channelPrefix()).isEqualTo("shop:");
        assertThatThrownBy(() -> b.keyPrefix(null).build()).hasMessageStartingWith("keyPrefix");
        assertThat(b.keyPrefix("shop:").build().keyPrefix()).isEqualTo("shop:");
    }
}
