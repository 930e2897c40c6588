package dev.balda.http;

import static dev.balda.Exchanges.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code res.vary}: merged into one line, never overwriting, never repeating. */
class VaryTest {

    private static List<String> varyAfter(Consumer<Response> calls) {
        Balda app = Balda.create();
        app.get("/", (req, res) -> {
            calls.accept(res);
            return "ok";
        });
        return get(app, "/").responseHeaders("Vary");
    }

    @Test
    void namesAreMergedIntoOneLine() {
        assertThat(varyAfter(res -> res.vary("Origin").vary("Accept-Encoding"))).containsExactly("Origin, Accept-Encoding");
    }

    @Test
    void aNameAlreadyThereIsNotRepeatedWhateverItsCase() {
        assertThat(varyAfter(res -> res.vary("Origin").vary("origin").vary("ORIGIN"))).containsExactly("Origin");
    }

    @Test
    void whatAHandlerSetIsKeptAndSeveralLinesBecomeOne() {
        assertThat(varyAfter(res -> res.header("Vary", "Cookie").addHeader("Vary", "Accept-Language, cookie")
                .vary("Origin"))).containsExactly("Cookie, Accept-Language, Origin");
    }

    @Test
    void aListIsMergedNameByName() {
        assertThat(varyAfter(res -> res.vary("Origin").vary("Accept-Encoding, origin"))).containsExactly("Origin, Accept-Encoding");
    }

    @Test
    void starStaysTheWholeValue() {
        assertThat(varyAfter(res -> res.header("Vary", "*").vary("Origin"))).containsExactly("*");
        assertThat(varyAfter(res -> res.vary("Origin").vary("*"))).containsExactly("*");
    }

    @Test
    void aNameWithALineBreakIsRefused() {
        Balda app = Balda.create();
        app.get("/", (req, res) -> res.vary("Origin\r\nX-Evil: 1"));

        MemoryExchange answer = get(app, "/");

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.responseHeader("X-Evil")).isNull();
        assertThat(answer.responseHeaders("Vary")).isEmpty();
    }
}
