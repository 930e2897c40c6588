package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebSocketOptionsTest {
    private static final long MIB = 1024L * 1024L;

    @Nested
    class Defaults {
        @Test
        void followTheSpecTable() {
            WebSocketOptions o = WebSocketOptions.defaults();
            assertThat(o.maxPayloadLength()).isEqualTo(16 * MIB);
            assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(120));
            assertThat(o.sendPings()).isTrue();
            assertThat(o.backpressureLimit()).isEqualTo(16 * MIB);
            assertThat(o.closeOnBackpressureLimit()).isFalse();
            assertThat(o.publishToSelf()).isFalse();
            assertThat(o.perMessageDeflate()).isFalse();
            assertThat(o.allowedOrigins()).isEmpty();
            assertThat(o.subprotocols()).isEmpty();
        }

        @Test
        void anEmptyBuilderGivesTheDefaults() {
            WebSocketOptions o = WebSocketOptions.builder().build();
            WebSocketOptions d = WebSocketOptions.defaults();
            assertThat(o.maxPayloadLength()).isEqualTo(d.maxPayloadLength());
            assertThat(o.idleTimeout()).isEqualTo(d.idleTimeout());
            assertThat(o.sendPings()).isEqualTo(d.sendPings());
            assertThat(o.backpressureLimit()).isEqualTo(d.backpressureLimit());
            assertThat(o.closeOnBackpressureLimit()).isEqualTo(d.closeOnBackpressureLimit());
            assertThat(o.publishToSelf()).isEqualTo(d.publishToSelf());
            assertThat(o.perMessageDeflate()).isEqualTo(d.perMessageDeflate());
            assertThat(o.allowedOrigins()).isEqualTo(d.allowedOrigins());
            assertThat(o.subprotocols()).isEqualTo(d.subprotocols());
        }

        @Test
        void everySettingIsKept() {
            WebSocketOptions o = WebSocketOptions.builder()
                    .maxPayloadLength(1024)
                    .idleTimeout(Duration.ofSeconds(5))
                    .sendPings(false)
                    .backpressureLimit(2048)
                    .closeOnBackpressureLimit(true)
                    .publishToSelf(true)
                    .perMessageDeflate(true)
                    .allowedOrigins("https://a.example.com")
                    .allowedOrigins(List.of("http://localhost:8080"))
                    .subprotocols("graphql-ws", "chat.v2")
                    .build();
            assertThat(o.maxPayloadLength()).isEqualTo(1024);
            assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(o.sendPings()).isFalse();
            assertThat(o.backpressureLimit()).isEqualTo(2048);
            assertThat(o.closeOnBackpressureLimit()).isTrue();
            assertThat(o.publishToSelf()).isTrue();
            assertThat(o.perMessageDeflate()).isTrue();
            assertThat(o.allowedOrigins()).containsExactly("https://a.example.com", "http://localhost:8080");
            assertThat(o.subprotocols()).containsExactly("graphql-ws", "chat.v2");
        }

        @Test
        void idleTimeoutZeroDisablesAndOneSecondIsTheMinimum() {
            assertThat(WebSocketOptions.builder().idleTimeout(Duration.ZERO).build().idleTimeout()).isZero();
            assertThat(WebSocketOptions.builder().idleTimeout(Duration.ofSeconds(1)).build().idleTimeout())
                    .isEqualTo(Duration.ofSeconds(1));
        }

        @Test
        void listsAreImmutable() {
            WebSocketOptions o = WebSocketOptions.builder().allowedOrigins("https://a.example.com").subprotocols("x").build();
            assertThatThrownBy(() -> o.allowedOrigins().add("https://b.example.com"))
                    .isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> o.subprotocols().add("y")).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Nested
    class Validation {
        private IllegalArgumentException buildFails(WebSocketOptions.Builder builder) {
            IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, builder::build);
            assertThat(e).as("build() should have refused the options").isNotNull();
            assertThat(e.getMessage()).startsWith("Invalid WebSocket options: ");
            return e;
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, Long.MIN_VALUE})
        void maxPayloadLengthMustBePositive(long bytes) {
            assertThat(buildFails(WebSocketOptions.builder().maxPayloadLength(bytes)))
                    .hasMessageContaining("maxPayloadLength must be a positive number of bytes, not " + bytes);
        }

        @Test
        void maxPayloadLengthMustFitAnArray() {
            assertThat(buildFails(WebSocketOptions.builder().maxPayloadLength(Integer.MAX_VALUE)))
                    .hasMessageContaining("maxPayloadLength must be below 2 GiB");
            assertThat(WebSocketOptions.builder().maxPayloadLength(Integer.MAX_VALUE - 8).build().maxPayloadLength())
                    .isEqualTo(Integer.MAX_VALUE - 8);
        }

        @ParameterizedTest
        @ValueSource(longs = {0, -1, -16 * 1024 * 1024})
        void backpressureLimitMustBePositive(long bytes) {
            assertThat(buildFails(WebSocketOptions.builder().backpressureLimit(bytes)))
                    .hasMessageContaining("backpressureLimit must be a positive number of bytes, not " + bytes);
        }

        @ParameterizedTest
        @ValueSource(longs = {1, 500, 999, -1, -1000, -120_000})
        void idleTimeoutBelowOneSecondButNotZeroIsRefused(long millis) {
            assertThat(buildFails(WebSocketOptions.builder().idleTimeout(Duration.ofMillis(millis))))
                    .hasMessageContaining("idleTimeout must be Duration.ZERO (off) or at least 1 second");
        }

        @Test
        void idleTimeoutNullIsRefusedAtOnce() {
            assertThatThrownBy(() -> WebSocketOptions.builder().idleTimeout(null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("idleTimeout");
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://app.example.com/", "https://app.example.com/chat", "http://localhost:8080/ws",
                "https://app.example.com?x=1", "https://app.example.com#top", "https://user@app.example.com"})
        void anOriginWithAPathQueryFragmentOrUserIsRefused(String origin) {
            assertThat(buildFails(WebSocketOptions.builder().allowedOrigins(origin)))
                    .hasMessageContaining("allowedOrigins: '" + origin + "' is not an origin");
        }

        @ParameterizedTest
        @ValueSource(strings = {"ftp://files.example.com", "ws://app.example.com", "wss://app.example.com",
                "file:///etc/passwd", "mailto:someone@example.com"})
        void aNonHttpOriginIsRefused(String origin) {
            assertThat(buildFails(WebSocketOptions.builder().allowedOrigins(origin)))
                    .hasMessageContaining("allowedOrigins: '" + origin + "' is not an origin");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "*", "null", "app.example.com", "localhost:8080", "https://", "https:// spaced.example.com",
                "not an origin", "//app.example.com", "http:app.example.com", "https://exa mple.com"})
        void garbageOriginsAreRefused(String origin) {
            assertThat(buildFails(WebSocketOptions.builder().allowedOrigins(origin)))
                    .hasMessageContaining("allowedOrigins: '" + origin + "' is not an origin");
        }

        @Test
        void aNullOriginIsRefused() {
            assertThat(buildFails(WebSocketOptions.builder().allowedOrigins((String) null)))
                    .hasMessageContaining("allowedOrigins: 'null' is not an origin");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "chat v2", "a/b", "x,y", "\"quoted\"", "semi;colon", "(paren)", "é"})
        void aSubprotocolThatIsNotATokenIsRefused(String protocol) {
            assertThat(buildFails(WebSocketOptions.builder().subprotocols(protocol)))
                    .hasMessageContaining("subprotocols: '" + protocol + "' is not a token");
        }

        @Test
        void aNullSubprotocolIsRefused() {
            assertThat(buildFails(WebSocketOptions.builder().subprotocols((String) null)))
                    .hasMessageContaining("subprotocols: 'null' is not a token");
        }

        @Test
        void tokenSubprotocolsAreAccepted() {
            assertThat(WebSocketOptions.builder().subprotocols("graphql-transport-ws", "v1.json", "mqtt", "a+b", "x_y~z!")
                    .build().subprotocols())
                    .containsExactly("graphql-transport-ws", "v1.json", "mqtt", "a+b", "x_y~z!");
        }

        @Test
        void severalProblemsAreReportedTogether() {
            IllegalArgumentException e = buildFails(WebSocketOptions.builder()
                    .maxPayloadLength(-5)
                    .backpressureLimit(0)
                    .idleTimeout(Duration.ofMillis(10))
                    .allowedOrigins("https://ok.example.com", "ftp://bad.example.com", "https://bad.example.com/path")
                    .subprotocols("good", "not good"));
            assertThat(e.getMessage())
                    .contains("maxPayloadLength must be a positive number of bytes, not -5")
                    .contains("backpressureLimit must be a positive number of bytes, not 0")
                    .contains("idleTimeout must be Duration.ZERO (off) or at least 1 second")
                    .contains("allowedOrigins: 'ftp://bad.example.com' is not an origin")
                    .contains("allowedOrigins: 'https://bad.example.com/path' is not an origin")
                    .contains("subprotocols: 'not good' is not a token")
                    .doesNotContain("ok.example.com")
                    .doesNotContain("'good'");
            assertThat(e.getMessage().split("(?=maxPayloadLength|backpressureLimit|idleTimeout|allowedOrigins:|subprotocols:)"))
                    .as("one entry per problem after the prefix").hasSize(1 + 6);
        }
    }

    @Nested
    class Origins {
        @Test
        void schemeAndHostAreLowerCased() {
            assertThat(WebSocketOptions.builder().allowedOrigins("HTTPS://App.Example.COM").build().allowedOrigins())
                    .containsExactly("https://app.example.com");
        }

        @Test
        void surroundingWhitespaceIsIgnored() {
            assertThat(WebSocketOptions.builder().allowedOrigins("  https://app.example.com \t").build().allowedOrigins())
                    .containsExactly("https://app.example.com");
        }

        @Test
        void aDefaultPortIsLeftOutAsBrowsersDoAndOtherPortsKept() {
            assertThat(WebSocketOptions.builder()
                    .allowedOrigins("https://app.example.com:443", "http://app.example.com:80", "http://LOCALHOST:8080",
                            "https://app.example.com:80")
                    .build().allowedOrigins())
                    .containsExactly("https://app.example.com", "http://app.example.com", "http://localhost:8080",
                            "https://app.example.com:80");
        }

        @Test
        void ipAddressesAreOrigins() {
            assertThat(WebSocketOptions.builder().allowedOrigins("http://127.0.0.1:3000", "http://[::1]:3000")
                    .build().allowedOrigins())
                    .containsExactly("http://127.0.0.1:3000", "http://[::1]:3000");
        }

        @Test
        void aRequestWithoutOriginIsAllowed() {
            WebSocketOptions o = WebSocketOptions.builder().allowedOrigins("https://app.example.com").build();
            assertThat(o.originAllowed(null)).isTrue();
        }

        @Test
        void aListedOriginIsAllowedWhateverItsCase() {
            WebSocketOptions o = WebSocketOptions.builder()
                    .allowedOrigins("https://app.example.com", "http://localhost:8080").build();
            assertThat(o.originAllowed("https://app.example.com")).isTrue();
            assertThat(o.originAllowed("HTTPS://APP.EXAMPLE.COM")).isTrue();
            assertThat(o.originAllowed(" http://localhost:8080 ")).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://evil.example.com", "http://app.example.com", "https://app.example.com:8443",
                "https://app.example.com.evil.com", "https://sub.app.example.com", "null", "", "http://localhost:8081",
                "http://localhost"})
        void anotherOriginIsRefused(String origin) {
            WebSocketOptions o = WebSocketOptions.builder()
                    .allowedOrigins("https://app.example.com", "http://localhost:8080").build();
            assertThat(o.originAllowed(origin)).isFalse();
        }

        @Test
        void aDefaultPortMatchesWhetherOrNotEitherSideWritesIt() {
            WebSocketOptions o = WebSocketOptions.builder().allowedOrigins("https://app.example.com:443").build();
            assertThat(o.originAllowed("https://app.example.com")).isTrue();
            assertThat(o.originAllowed("https://app.example.com:443")).isTrue();
            assertThat(o.originAllowed("https://app.example.com:8443")).isFalse();
            WebSocketOptions plain = WebSocketOptions.builder().allowedOrigins("https://app.example.com").build();
            assertThat(plain.originAllowed("https://app.example.com:443")).isTrue();
        }

        @ParameterizedTest
        @ValueSource(strings = {"https://anything.example.com", "http://localhost:1", "null", "", "garbage"})
        void anyOriginIsAllowedWhenTheListIsEmpty(String origin) {
            assertThat(WebSocketOptions.defaults().originAllowed(origin)).isTrue();
            assertThat(WebSocketOptions.defaults().originAllowed(null)).isTrue();
        }
    }
}
