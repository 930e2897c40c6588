package dev.balda.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The frame a topic message travels in through Redis: binary-safe, and tells whose it is. */
class TopicFrameTest {
    private static final byte[] NODE = bytes(16, 7);
    private static final byte[] OTHER = bytes(16, 8);

    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void textRoundTripsEveryCharacterUtf8CanCarry() {
        String text = "héllo \u4e16\u754c \ud83d\ude80 \u0000 end";
        byte[] frame = TopicFrame.text(NODE, text);
        assertThat(TopicFrame.readable(frame)).isTrue();
        assertThat(TopicFrame.isText(frame)).isTrue();
        assertThat(TopicFrame.textOf(frame)).isEqualTo(text);
        assertThat(frame).hasSize(TopicFrame.HEADER + text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void binaryRoundTripsEveryByteValue() {
        byte[] all = new byte[256 + 70_000];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        System.arraycopy(bytes(70_000, 3), 0, all, 256, 70_000);
        byte[] frame = TopicFrame.binary(NODE, all);
        assertThat(TopicFrame.readable(frame)).isTrue();
        assertThat(TopicFrame.isText(frame)).isFalse();
        assertThat(TopicFrame.bytesOf(frame)).isEqualTo(all);
        assertThat(TopicFrame.bytesOf(TopicFrame.binary(NODE, new byte[0]))).isEmpty();
        assertThat(TopicFrame.textOf(TopicFrame.text(NODE, ""))).isEmpty();
    }

    @Test
    void aFrameTellsTheNodeThatPublishedIt() {
        byte[] frame = TopicFrame.binary(NODE, new byte[] {1, 2});
        assertThat(TopicFrame.from(frame, NODE)).isTrue();
        assertThat(TopicFrame.from(frame, OTHER)).isFalse();
    }

    @Test
    void whatIsNoFrameOfThisFormatIsUnreadable() {
        assertThat(TopicFrame.readable(new byte[0])).isFalse();
        assertThat(TopicFrame.readable("hello from redis-cli".getBytes(StandardCharsets.UTF_8))).isFalse();
        byte[] frame = TopicFrame.text(NODE, "x");
        assertThat(TopicFrame.readable(java.util.Arrays.copyOf(frame, TopicFrame.HEADER - 1))).isFalse();
        frame[1] = 9;
        assertThat(TopicFrame.readable(frame)).as("unknown kind").isFalse();
        frame[1] = 0;
        frame[0] = 2;
        assertThat(TopicFrame.readable(frame)).as("another format").isFalse();
    }
}
