package dev.balda.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {
    private final Headers headers = new Headers(2);

    @Test
    void namesAreCaseInsensitiveAndRepeatsKeepTheirOrder() {
        headers.add("Set-Cookie", "a=1").add("Content-Type", "text/plain").add("set-cookie", "b=2");
        assertThat(headers.first("SET-COOKIE")).isEqualTo("a=1");
        assertThat(headers.all("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(headers.names()).containsExactly("Set-Cookie", "Content-Type");
        assertThat(headers.size()).isEqualTo(3);
        assertThat(headers.first("Missing")).isNull();
        assertThat(headers.all("Missing")).isEmpty();
    }

    @Test
    void fieldsCanBeWalkedByIndex() {
        headers.add("A", "1").add("B", "2").add("a", "3");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            order.add(headers.name(i) + "=" + headers.value(i));
        }
        assertThat(order).containsExactly("A=1", "B=2", "a=3");
        headers.remove("a");
        assertThat(headers.size()).isEqualTo(1);
        assertThat(headers.value(0)).isEqualTo("2");
        assertThatThrownBy(() -> headers.name(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> headers.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void setReplacesEveryValueAtThePlaceOfTheFirst() {
        headers.add("A", "1").add("B", "2").add("a", "3").add("C", "4");
        headers.set("a", "new");
        List<String> order = new ArrayList<>();
        headers.forEach((name, value) -> order.add(name + "=" + value));
        assertThat(order).containsExactly("a=new", "B=2", "C=4");
    }

    @Test
    void removeAndContentHeaders() {
        headers.add("Content-Type", "x").add("Vary", "Origin").add("content-length", "3").add("Set-Cookie", "s=1");
        headers.removeContentHeaders();
        assertThat(headers.names()).containsExactly("Vary", "Set-Cookie");
        headers.remove("VARY");
        assertThat(headers.names()).containsExactly("Set-Cookie");
        headers.clear();
        assertThat(headers.isEmpty()).isTrue();
        assertThat(Headers.isContentHeader("CONTENT-disposition")).isTrue();
        assertThat(Headers.isContentHeader("Contents")).isFalse();
        assertThat(Headers.isContentHeader("Content-Security-Policy")).as("a policy, not the body's").isFalse();
        assertThat(Headers.isContentHeader("content-security-policy-report-only")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\rb", "a\nb", "nul\u0000", "del\u007f"})
    void aValueThatCouldSplitTheMessageIsRefused(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> headers.add("X", value)).withMessageContaining("'X'");
        assertThat(headers.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "colon:", "new\nline", "ünï", "a\"", "a(", "a)", "a,", "a/", "a;", "a<",
        "a=", "a>", "a?", "a@", "a[", "a\\", "a]", "a{", "a}", "a\u007f", "a\tb"})
    void aNameThatIsNotATokenIsRefused(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> headers.set(name, "v"));
        assertThatIllegalArgumentException().isThrownBy(() -> headers.add(name, "v"));
    }

    @Test
    void everyTokenCharacterIsAllowedInAName() {
        String token = "!#$%&'*+-.^_`|~0123456789AZaz";
        headers.set(token, "v");
        assertThat(headers.first(token)).isEqualTo("v");
    }

    @Test
    void aTabInAValueIsAllowed() {
        headers.add("X", "a\tb");
        assertThat(headers.first("x")).isEqualTo("a\tb");
    }
}
