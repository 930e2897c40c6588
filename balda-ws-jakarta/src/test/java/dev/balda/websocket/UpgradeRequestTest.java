package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradeRequestTest {
    private final Principal alice = () -> "alice";

    private UpgradeRequest request() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Sec-WebSocket-Protocol", List.of("chat, superchat"));
        headers.put("cookie", List.of("a=1", "b=2"));
        headers.put("X-Empty", List.of());
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("token", List.of("abc", "def"));
        query.put("empty", List.of());
        return new UpgradeRequest("/chat/lobby", Map.of("room", "lobby"), query, headers, alice, null);
    }

    @Test
    void headersAreCaseInsensitive() {
        UpgradeRequest req = request();
        assertThat(req.header("sec-websocket-protocol")).isEqualTo("chat, superchat");
        assertThat(req.header("SEC-WEBSOCKET-PROTOCOL")).isEqualTo("chat, superchat");
        assertThat(req.header("Cookie")).isEqualTo("a=1");
        assertThat(req.headers().get("COOKIE")).containsExactly("a=1", "b=2");
        assertThat(req.headers().containsKey("sec-websocket-PROTOCOL")).isTrue();
    }

    @Test
    void anAbsentOrEmptyHeaderIsNull() {
        UpgradeRequest req = request();
        assertThat(req.header("Authorization")).isNull();
        assertThat(req.header("x-empty")).isNull();
    }

    @Test
    void paramsAndQuery() {
        UpgradeRequest req = request();
        assertThat(req.path()).isEqualTo("/chat/lobby");
        assertThat(req.param("room")).isEqualTo("lobby");
        assertThat(req.param("other")).isNull();
        assertThat(req.params()).containsExactly(Map.entry("room", "lobby"));
        assertThat(req.query("token")).isEqualTo("abc");
        assertThat(req.query("empty")).isNull();
        assertThat(req.query("missing")).isNull();
        assertThat(req.queries().get("token")).containsExactly("abc", "def");
    }

    @Test
    void principalAndSubprotocol() {
        UpgradeRequest req = request();
        assertThat(req.principal()).isSameAs(alice);
        assertThat(req.subprotocol()).isNull();
        UpgradeRequest negotiated = req.withSubprotocol("chat");
        assertThat(negotiated.subprotocol()).isEqualTo("chat");
        assertThat(req.subprotocol()).as("the original is unchanged").isNull();
        assertThat(negotiated.header("cookie")).isEqualTo("a=1");
        assertThat(negotiated.param("room")).isEqualTo("lobby");
        assertThat(negotiated.query("token")).isEqualTo("abc");
        assertThat(negotiated.principal()).isSameAs(alice);
        assertThat(negotiated.path()).isEqualTo("/chat/lobby");
    }

    @Test
    void theSnapshotIsReadOnlyAndDoesNotFollowTheSource() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> values = new ArrayList<>(List.of("v1"));
        headers.put("X-A", values);
        Map<String, String> params = new LinkedHashMap<>(Map.of("id", "1"));
        UpgradeRequest req = new UpgradeRequest("/x", params, Map.of(), headers, null, null);
        values.add("v2");
        headers.put("X-B", List.of("b"));
        params.put("id", "2");
        assertThat(req.headers().get("x-a")).containsExactly("v1");
        assertThat(req.header("x-b")).isNull();
        assertThat(req.param("id")).isEqualTo("1");
        assertThatThrownBy(() -> req.headers().put("x-c", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> req.params().put("id", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> req.queries().put("q", List.of())).isInstanceOf(UnsupportedOperationException.class);
    }
}
