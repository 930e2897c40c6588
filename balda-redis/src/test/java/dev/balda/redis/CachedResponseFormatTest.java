package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.balda.plugin.cache.CachedResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache store's format: exact round trips, and a refusal (never a half-read entry) for anything else. */
class CachedResponseFormatTest {

    private static CachedResponse sample() {
        byte[] body = new byte[512];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        return CachedResponse.of(203, List.of(Map.entry("Content-Type", "application/octet-stream"),
                Map.entry("X-Tag", "a"), Map.entry("X-Tag", "b"), Map.entry("X-Text", "héllo \u4e16\u754c \ud83d\ude80"),
                Map.entry("X-Empty", "")), body, 1_764_000_000_123L);
    }

    @Test
    void aResponseComesBackExactly() {
        CachedResponse original = sample();

        CachedResponse read = CachedResponseFormat.read(CachedResponseFormat.write(original));

        assertThat(read.status()).isEqualTo(203);
        assertThat(read.headers()).containsExactlyElementsOf(original.headers());
        assertThat(read.body()).isEqualTo(original.body());
        assertThat(read.storedAtMillis()).isEqualTo(1_764_000_000_123L);
        CachedResponse empty = CachedResponseFormat.read(CachedResponseFormat.write(CachedResponse.of(200, List.of(),
                new byte[0], 0)));
        assertThat(empty.headers()).isEmpty();
        assertThat(empty.body()).isEmpty();
    }

    @Test
    void anythingElseIsRefusedWithoutBeingHalfRead() {
        byte[] value = CachedResponseFormat.write(sample());

        assertThatIllegalArgumentException().isThrownBy(() -> CachedResponseFormat.read(new byte[0]));
        assertThatIllegalArgumentException().isThrownBy(() -> CachedResponseFormat.read("not a response".getBytes()))
                .withMessageContaining("format 1");
        for (int cut : new int[] {1, 10, 20, value.length - 1}) {
            assertThatIllegalArgumentException().as("cut to %d bytes", cut)
                    .isThrownBy(() -> CachedResponseFormat.read(Arrays.copyOf(value, cut)));
        }
        byte[] longer = Arrays.copyOf(value, value.length + 1);
        assertThatIllegalArgumentException().isThrownBy(() -> CachedResponseFormat.read(longer))
                .withMessageContaining("after the body");
        // A header count far beyond what the bytes can hold is refused before anything is allocated.
        byte[] boastful = ByteBuffer.allocate(15).put(CachedResponseFormat.VERSION).putShort((short) 200).putLong(0)
                .putInt(Integer.MAX_VALUE).array();
        assertThatIllegalArgumentException().isThrownBy(() -> CachedResponseFormat.read(boastful))
                .withMessageContaining("length of " + Integer.MAX_VALUE);
    }
}
