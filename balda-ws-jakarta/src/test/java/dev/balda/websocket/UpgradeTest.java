package dev.balda.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class UpgradeTest {
    @Test
    void acceptCarriesTheData() {
        Upgrade<String> up = Upgrade.accept("alice");
        assertThat(up.accepted()).isTrue();
        assertThat(up.data()).isEqualTo("alice");
        assertThat(up.status()).isEqualTo(101);
        assertThat(up.body()).isNull();
    }

    @Test
    void acceptWithoutData() {
        Upgrade<Object> up = Upgrade.accept();
        assertThat(up.accepted()).isTrue();
        assertThat(up.data()).isNull();
        assertThat(up.status()).isEqualTo(101);
    }

    @Test
    void refuseCarriesStatusAndBody() {
        Map<String, String> body = Map.of("code", "UNAUTHORIZED");
        Upgrade<String> up = Upgrade.refuse(401, body);
        assertThat(up.accepted()).isFalse();
        assertThat(up.data()).isNull();
        assertThat(up.status()).isEqualTo(401);
        assertThat(up.body()).isSameAs(body);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 429, 500, 503, 599})
    void refuseAcceptsEvery4xxAnd5xx(int status) {
        assertThat(Upgrade.refuse(status, null).status()).isEqualTo(status);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 101, 200, 204, 302, 399, 600, 1000})
    void refuseNeedsA4xxOr5xxStatus(int status) {
        assertThatThrownBy(() -> Upgrade.refuse(status, "no"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A refused upgrade needs a 4xx or 5xx status, not " + status);
    }
}
