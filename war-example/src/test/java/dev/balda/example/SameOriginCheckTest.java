package dev.balda.example;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How an {@code Origin} is compared with the scheme and {@code Host} of the upgrade request. */
class SameOriginCheckTest {
    @Test
    void theSameSchemeHostAndPortMatchWithDefaultPortsFilledIn() {
        assertThat(SameOriginCheck.sameOrigin("http://127.0.0.1:9090", "http", "127.0.0.1:9090")).isTrue();
        assertThat(SameOriginCheck.sameOrigin("http://LocalHost", "http", "localhost:80")).isTrue();
        assertThat(SameOriginCheck.sameOrigin("https://chat.example.com:443", "https", "chat.example.com")).isTrue();
        assertThat(SameOriginCheck.sameOrigin("http://[::1]:8080", "http", "[::1]:8080")).isTrue();
    }

    @Test
    void anotherPortHostOrSchemeDoesNotMatch() {
        assertThat(SameOriginCheck.sameOrigin("http://localhost:8080", "http", "localhost:9090")).isFalse();
        assertThat(SameOriginCheck.sameOrigin("http://localhost:9090", "http", "127.0.0.1:9090")).isFalse();
        assertThat(SameOriginCheck.sameOrigin("https://localhost:9090", "http", "localhost:9090")).isFalse();
        assertThat(SameOriginCheck.sameOrigin("http://localhost", "https", "localhost")).isFalse();
    }

    @Test
    void whatIsNotABareHttpOriginNeverMatches() {
        assertThat(SameOriginCheck.sameOrigin("null", "http", "localhost")).isFalse();
        assertThat(SameOriginCheck.sameOrigin("file://", "http", "localhost")).isFalse();
        assertThat(SameOriginCheck.sameOrigin("http://localhost/page", "http", "localhost")).isFalse();
        assertThat(SameOriginCheck.sameOrigin("http://localhost", "http", "")).isFalse();
    }
}
