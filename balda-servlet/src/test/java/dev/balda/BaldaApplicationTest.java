package dev.balda;

import static dev.balda.Exchanges.get;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An application class ({@link BaldaApplication}): its options and configuration make the application. */
class BaldaApplicationTest {

    @Test
    void anApplicationClassSuppliesOptionsAndConfiguration() {
        BaldaApplication application = new BaldaApplication() {
            @Override
            public void configure(Balda app) {
                app.get("/hello", (req, res) -> "hello");
            }

            @Override
            public BaldaOptions options() {
                return BaldaOptions.builder().passThrough(true).build();
            }
        };

        Balda app = Balda.from(application);

        assertThat(app.options().passThrough()).isTrue();
        assertThat(app.routes()).containsExactly("GET /hello");
        assertThat(get(app, "/hello").responseBodyText()).isEqualTo("hello");
    }

    @Test
    void anApplicationClassHasTheDefaultOptionsUnlessItOverridesThem() {
        BaldaApplication application = app -> { };

        assertThat(application.options()).isSameAs(BaldaOptions.defaults());
    }
}
