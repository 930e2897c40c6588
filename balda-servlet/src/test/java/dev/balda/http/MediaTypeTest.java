package dev.balda.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {

    @Test
    void essenceIsLowerCaseAndTrimmed() {
        MediaType type = MediaType.parse("  Application / JSON ");
        assertThat(type.type()).isEqualTo("application");
        assertThat(type.subtype()).isEqualTo("json");
        assertThat(type.essence()).isEqualTo("application/json");
        assertThat(type.isJson()).isTrue();
        assertThat(type.parameters()).isEmpty();
    }

    @Test
    void parametersHaveLowerCaseNamesAndUnquotedValuesFirstOneKept() {
        MediaType type = MediaType.parse("text/plain ; Charset=\"UTF-8\";format = flowed; charset=latin1;;");
        assertThat(type.essence()).isEqualTo("text/plain");
        assertThat(type.parameters()).containsExactly(Map.entry("charset", "UTF-8"), Map.entry("format", "flowed"));
        assertThat(type.charsetName()).isEqualTo("UTF-8");
        assertThat(type.parameter("FORMAT")).isEqualTo("flowed");
        assertThat(type.toString()).isEqualTo("text/plain; charset=UTF-8; format=flowed");
    }

    @Test
    void parametersWithoutANameOrAnEqualsSignAreSkipped() {
        MediaType type = MediaType.parse("application/vnd.api+json; =x; flag; q=\"\"; empty=");
        assertThat(type.isJson()).isTrue();
        assertThat(type.parameters()).containsExactly(Map.entry("q", ""), Map.entry("empty", ""));
        assertThat(type.parameters().values()).doesNotContain("x");
    }

    @Test
    void aSingleQuoteIsNotAQuotedValue() {
        assertThat(MediaType.parse("text/plain; a=\"").parameter("a")).isEqualTo("\"");
    }

    @Test
    void isComparesTheEssenceIgnoringCase() {
        assertThat(MediaType.parse("TEXT/Html; charset=utf-8").is("text/HTML")).isTrue();
        assertThat(MediaType.parse("text/html").is("text/plain")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "json", "/json", "application/", "application/ ", " / ", ";a=b/c",
            "application;charset=utf-8/json"})
    void valuesWithoutTypeAndSubtypeAreNotMediaTypes(String header) {
        assertThat(MediaType.parse(header)).isNull();
    }

    @Test
    void nullIsNoMediaType() {
        assertThat(MediaType.parse(null)).isNull();
    }
}
