package dev.balda.plugin.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {
    private static final List<ContentCoding> BOTH = List.of(ContentCoding.GZIP, ContentCoding.DEFLATE);

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "gzip, deflate, br            | gzip",
        "deflate                      | deflate",
        "deflate, gzip                | gzip",
        "gzip;q=0.5, deflate          | deflate",
        "gzip;q=0, deflate;q=0.1      | deflate",
        "gzip;q=0                     | none",
        "GZIP;Q=1                     | gzip",
        "x-gzip                       | gzip",
        "*                            | gzip",
        "*;q=0.2, gzip;q=0            | deflate",
        "*;q=0                        | none",
        "br, zstd                     | none",
        "identity                     | none",
        "gzip;q=0.5, identity         | none",
        "gzip;q=0.5, identity;q=0.4   | gzip",
        "gzip;q=bad, deflate          | deflate",
        "gzip;q=1.5                   | none",
        "''                           | none",
        "none                         | none"})
    void theHighestQWinsAndTheServersOrderBreaksTies(String header, String expected) {
        ContentCoding chosen = AcceptEncoding.choose(header, BOTH);

        assertThat(chosen == null ? null : chosen.token()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"gzip, deflate | deflate", "* | deflate"})
    void onlyWhatIsOfferedIsChosen(String header, String expected) {
        assertThat(AcceptEncoding.choose(header, List.of(ContentCoding.DEFLATE)).token()).isEqualTo(expected);
    }
}
