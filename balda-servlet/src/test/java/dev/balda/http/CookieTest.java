package dev.balda.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieTest {

    @Test
    void defaultsAreTheSafeOnes() {
        Cookie cookie = Cookie.of("sid", "abc123");

        assertThat(cookie.name()).isEqualTo("sid");
        assertThat(cookie.value()).isEqualTo("abc123");
        assertThat(cookie.toSetCookie()).isEqualTo("sid=abc123; Path=/; Secure; HttpOnly; SameSite=Lax");
        assertThat(cookie).hasToString(cookie.toSetCookie());
    }

    @Test
    void everyAttribute() {
        Cookie cookie = Cookie.builder("pref", "dark")
                .domain("example.com")
                .path("/app")
                .expires(Instant.parse("2030-01-02T03:04:05Z"))
                .maxAge(Duration.ofHours(1))
                .secure(false)
                .httpOnly(false)
                .sameSite(SameSite.STRICT)
                .priority("High")
                .build();

        assertThat(cookie.toSetCookie()).isEqualTo("pref=dark; Domain=example.com; Path=/app;"
                + " Expires=Wed, 2 Jan 2030 03:04:05 GMT; Max-Age=3600; SameSite=Strict; Priority=High");
    }

    @Test
    void attributesCanBeLeftOut() {
        Cookie cookie = Cookie.builder("a", "").path(null).sameSite(null).secure(false).httpOnly(false).build();

        assertThat(cookie.toSetCookie()).isEqualTo("a=");
    }

    @Test
    void sameSiteNoneNeedsSecure() {
        assertThatIllegalStateException()
                .isThrownBy(() -> Cookie.builder("x", "1").sameSite(SameSite.NONE).secure(false).build())
                .withMessage("Cookie 'x': SameSite=None needs secure(true)");
        assertThat(Cookie.builder("x", "1").sameSite(SameSite.NONE).build().toSetCookie())
                .endsWith("; Secure; HttpOnly; SameSite=None");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "semi;colon", "eq=ual", "quo\"te", "new\nline", "(paren)"})
    void refusesNamesThatAreNotTokens(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cookie.of(name, "v"))
                .withMessageStartingWith("Cookie name '" + name + "' must be a non-empty token");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a;b", "a,b", "a\"b", "a\\b", "a\r\nSet-Cookie: evil=1", "tab\t", "é"})
    void refusesValuesOutsideCookieOctets(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cookie.of("n", value))
                .withMessageContaining("Cookie 'n' has a value with a character not allowed in cookies");
    }

    @Test
    void refusesAttributesThatCouldSmuggleMore() {
        assertThatIllegalArgumentException().isThrownBy(() -> Cookie.builder("n", "v").path("/; Domain=evil"))
                .withMessageContaining("contains ';' or a control character");
        assertThatIllegalArgumentException().isThrownBy(() -> Cookie.builder("n", "v").domain("a.com\r\nX: y"))
                .withMessageContaining("contains ';' or a control character");
    }

    @Test
    void refusesNegativeMaxAgeAndUnknownPriority() {
        assertThatIllegalArgumentException().isThrownBy(() -> Cookie.builder("n", "v").maxAge(Duration.ofSeconds(-1)))
                .withMessage("Cookie maxAge must not be negative; use Duration.ZERO to delete");
        assertThatIllegalArgumentException().isThrownBy(() -> Cookie.builder("n", "v").priority("urgent"))
                .withMessage("Cookie priority must be Low, Medium or High, not 'urgent'");
    }

    @Test
    void nameAndValueAreRequired() {
        assertThatNullPointerException().isThrownBy(() -> Cookie.of(null, "v"));
        assertThatNullPointerException().isThrownBy(() -> Cookie.of("n", null));
    }
}
