package dev.balda;

import static dev.balda.Exchanges.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BaldaOptionsTest {

    @Test
    void defaults() {
        BaldaOptions options = BaldaOptions.defaults();

        assertThat(options.passThrough()).isFalse();
        assertThat(options.developmentMode()).isFalse();
        assertThat(options.maxBodySize()).isEqualTo(1024 * 1024);
        assertThat(options.requestIdHeader()).isNull();
        assertThat(options.objectMapper()).isNotNull();
        assertThat(Balda.create().options()).isSameAs(options);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void maxBodySizeMustBePositive(long size) {
        assertThatIllegalArgumentException().isThrownBy(() -> BaldaOptions.builder().maxBodySize(size).build())
                .withMessage("maxBodySize must be a positive number of bytes, not " + size);
    }

    @Test
    void bodyReadingOptionsHaveSensibleDefaultsAndAreChecked() {
        BaldaOptions options = BaldaOptions.defaults();
        assertThat(options.bodyTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(options.minBodyRate()).isEqualTo(1024);
        assertThat(options.bodyMemoryThreshold()).isEqualTo(64 * 1024);
        assertThat(options.tempDirectory()).isEqualTo(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        assertThatIllegalArgumentException().isThrownBy(() -> BaldaOptions.builder()
                .bodyTimeout(java.time.Duration.ZERO).build()).withMessageStartingWith("bodyTimeout must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> BaldaOptions.builder().minBodyRate(-1).build())
                .withMessageStartingWith("minBodyRate");
        assertThatIllegalArgumentException().isThrownBy(() -> BaldaOptions.builder().bodyMemoryThreshold(-1).build())
                .withMessageStartingWith("bodyMemoryThreshold");
        BaldaOptions changed = BaldaOptions.builder().bodyTimeout(java.time.Duration.ofSeconds(5)).minBodyRate(0)
                .bodyMemoryThreshold(0).tempDirectory(java.nio.file.Path.of("target")).build().toBuilder().build();
        assertThat(changed.bodyTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
        assertThat(changed.minBodyRate()).isZero();
        assertThat(changed.bodyMemoryThreshold()).isZero();
        assertThat(changed.tempDirectory()).isEqualTo(java.nio.file.Path.of("target"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void maxQueryParametersMustBePositive(int count) {
        assertThatIllegalArgumentException().isThrownBy(() -> BaldaOptions.builder().maxQueryParameters(count).build())
                .withMessage("maxQueryParameters must be a positive count, not " + count);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Request Id", "X-Request-Id:", "X-Request\r\nId", "Ünïcode", "(id)"})
    void requestIdHeaderMustBeAHeaderName(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> BaldaOptions.builder().requestIdHeader(name).build())
                .withMessage("requestIdHeader '" + name + "' is not a header name");
    }

    @Test
    void validValuesAreKept() {
        BaldaOptions options = BaldaOptions.builder()
                .passThrough(true)
                .developmentMode(true)
                .maxBodySize(1)
                .requestIdHeader("X-Correlation-ID")
                .build();

        assertThat(options.passThrough()).isTrue();
        assertThat(options.developmentMode()).isTrue();
        assertThat(options.maxBodySize()).isEqualTo(1);
        assertThat(options.requestIdHeader()).isEqualTo("X-Correlation-ID");
    }

    @Test
    void requestIdHeaderCanBeResetToNull() {
        assertThat(BaldaOptions.builder().requestIdHeader("X-Id").requestIdHeader(null).build().requestIdHeader())
                .isNull();
    }

    @Test
    void objectMapperMustNotBeNull() {
        assertThatNullPointerException().isThrownBy(() -> BaldaOptions.builder().objectMapper(null))
                .withMessage("objectMapper must not be null; leave it unset for the default mapper");
    }

    @Test
    void aCustomObjectMapperIsUsed() {
        ObjectMapper mapper = new ObjectMapper();

        assertThat(BaldaOptions.builder().objectMapper(mapper).build().objectMapper()).isSameAs(mapper);
    }

    @Test
    void toBuilderCopiesEveryOption() {
        ObjectMapper mapper = new ObjectMapper();
        BaldaOptions original = BaldaOptions.builder().passThrough(true).developmentMode(true).maxBodySize(5)
                .requestIdHeader("X-Id").objectMapper(mapper).build();

        BaldaOptions copy = original.toBuilder().maxBodySize(6).build();

        assertThat(copy.passThrough()).isTrue();
        assertThat(copy.developmentMode()).isTrue();
        assertThat(copy.maxBodySize()).isEqualTo(6);
        assertThat(copy.requestIdHeader()).isEqualTo("X-Id");
        assertThat(copy.objectMapper()).isSameAs(mapper);
        assertThat(original.maxBodySize()).isEqualTo(5);
    }

    @Test
    void toBuilderValidatesAgain() {
        assertThatIllegalArgumentException().isThrownBy(() -> BaldaOptions.defaults().toBuilder().maxBodySize(0).build())
                .withMessageStartingWith("maxBodySize must be a positive number");
    }

    @Test
    void createWithAConfigurerValidates() {
        assertThatIllegalArgumentException().isThrownBy(() -> Balda.create(o -> o.maxBodySize(-5)))
                .withMessage("maxBodySize must be a positive number of bytes, not -5");
        assertThat(Balda.create(o -> o.developmentMode(true)).options().developmentMode()).isTrue();
    }

    @Test
    void theDefaultMapperWritesIsoDatesAndOptionals() {
        Balda app = Balda.create();
        app.get("/x", (req, res) -> Map.of("at", Instant.parse("2024-05-06T07:08:09Z"), "maybe", Optional.of("v")));

        assertThat(get(app, "/x").responseBodyText()).contains("\"at\":\"2024-05-06T07:08:09Z\"", "\"maybe\":\"v\"");
    }

}
