package dev.balda.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import jakarta.servlet.ServletException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the filter does without a container: loading the application class named in web.xml, and stopping. */
class BaldaFilterTest {
    private final ClassLoader loader = getClass().getClassLoader();

    public static final class GoodApp implements BaldaApplication {
        @Override
        public void configure(Balda app) {
            app.get("/x", (req, res) -> "x");
        }
    }

    public static final class NoDefaultConstructor implements BaldaApplication {
        public NoDefaultConstructor(String unused) {
        }

        @Override
        public void configure(Balda app) {
        }
    }

    public static final class FailingConstructor implements BaldaApplication {
        public FailingConstructor() {
            throw new IllegalStateException("config file missing");
        }

        @Override
        public void configure(Balda app) {
        }
    }

    @Test
    void instantiatesTheNamedApplication() throws ServletException {
        assertThat(BaldaFilter.instantiate(GoodApp.class.getName(), loader)).isInstanceOf(GoodApp.class);
    }

    @Test
    void anUnknownClassIsNamed() {
        assertThatThrownBy(() -> BaldaFilter.instantiate("com.example.Missing", loader))
                .isInstanceOf(ServletException.class)
                .hasMessage("Balda application class com.example.Missing was not found");
    }

    @Test
    void aClassThatIsNoApplicationIsRefused() {
        assertThatThrownBy(() -> BaldaFilter.instantiate(String.class.getName(), loader))
                .isInstanceOf(ServletException.class)
                .hasMessage("java.lang.String does not implement dev.balda.BaldaApplication");
    }

    @Test
    void aNoArgumentConstructorIsNeeded() {
        assertThatThrownBy(() -> BaldaFilter.instantiate(NoDefaultConstructor.class.getName(), loader))
                .isInstanceOf(ServletException.class)
                .hasMessage("Balda application class " + NoDefaultConstructor.class.getName()
                        + " needs a public no-argument constructor");
    }

    @Test
    void aFailingConstructorIsReportedWithItsCause() {
        assertThatThrownBy(() -> BaldaFilter.instantiate(FailingConstructor.class.getName(), loader))
                .isInstanceOf(ServletException.class)
                .hasMessage("Balda application class " + FailingConstructor.class.getName() + " failed in its constructor")
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("config file missing");
    }

    @Test
    void destroyStopsTheApplication() {
        Balda app = Balda.create();
        AtomicInteger stops = new AtomicInteger();
        app.onStop(stops::incrementAndGet);
        BaldaFilter filter = new BaldaFilter(app);

        filter.destroy();

        assertThat(filter.application()).isSameAs(app);
        assertThat(stops).hasValue(1);
    }

    @Test
    void destroyWithoutApplicationIsHarmless() {
        new BaldaFilter().destroy();
    }

    @Test
    void anAbortCarriesTheCauseInItsMessageWithoutAStack() {
        ResponseAbortedException aborted = new ResponseAbortedException(new IllegalStateException("mid-stream"));

        assertThat(aborted).hasMessage("Response aborted after it was committed: java.lang.IllegalStateException: mid-stream");
        assertThat(aborted.getStackTrace()).isEmpty();
    }
}
