package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebSocketMessageTest {
    @Test
    void aTextMessageIsTextAndEncodesAsUtf8() {
        WebSocketMessage m = WebSocketMessage.text("héllo €😀");
        assertThat(m.isText()).isTrue();
        assertThat(m.isBinary()).isFalse();
        assertThat(m.text()).isEqualTo("héllo €😀");
        assertThat(m.bytes()).isEqualTo("héllo €😀".getBytes(StandardCharsets.UTF_8));
        assertThat(m).hasToString("text(9 chars)");
    }

    @Test
    void aBinaryMessageIsBinaryAndDecodesAsUtf8() {
        byte[] data = "día".getBytes(StandardCharsets.UTF_8);
        WebSocketMessage m = WebSocketMessage.binary(data);
        assertThat(m.isBinary()).isTrue();
        assertThat(m.isText()).isFalse();
        assertThat(m.bytes()).isEqualTo(data);
        assertThat(m.text()).isEqualTo("día");
        assertThat(m).hasToString("binary(4 bytes)");
    }

    @Test
    void anEmptyMessageKeepsItsKind() {
        assertThat(WebSocketMessage.text("").isText()).isTrue();
        assertThat(WebSocketMessage.text("").bytes()).isEmpty();
        assertThat(WebSocketMessage.binary(new byte[0]).isBinary()).isTrue();
        assertThat(WebSocketMessage.binary(new byte[0]).text()).isEmpty();
    }

    @Test
    void bytesReturnsACopyEachTime() {
        WebSocketMessage binary = WebSocketMessage.binary(new byte[] {1, 2, 3});
        byte[] first = binary.bytes();
        first[0] = 99;
        assertThat(binary.bytes()).containsExactly(1, 2, 3);
        assertThat(binary.bytes()).isNotSameAs(binary.bytes());

        WebSocketMessage text = WebSocketMessage.text("abc");
        byte[] encoded = text.bytes();
        encoded[0] = 'z';
        assertThat(text.bytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        assertThat(text.text()).isEqualTo("abc");
    }

    @Test
    void aBinaryMessageDoesNotChangeWhenTheGivenArrayDoes() {
        byte[] data = {1, 2, 3};
        WebSocketMessage m = WebSocketMessage.binary(data);
        data[0] = 42;
        assertThat(m.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void invalidUtf8InABinaryMessageDecodesWithReplacement() {
        WebSocketMessage m = WebSocketMessage.binary(new byte[] {'a', (byte) 0xFF, 'b'});
        assertThat(m.text()).isEqualTo("a\uFFFDb");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> WebSocketMessage.text(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> WebSocketMessage.binary(null)).isInstanceOf(NullPointerException.class);
    }
}
