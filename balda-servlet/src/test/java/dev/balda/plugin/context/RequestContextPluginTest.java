package dev.balda.plugin.context;

import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.balda.Balda;
import dev.balda.internal.MemoryExchange;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RequestContextPluginTest {

    @Test
    void valuesAreReachableDuringTheRequestAndGoneAfterItOnTheSameThread() throws Exception {
        Balda app = Balda.create();
        app.use(RequestContextPlugin.builder().value("tenant", req -> req.header("X-Tenant")).build());
        app.get("/", (req, res) -> RequestContext.current().get("tenant") + " " + RequestContext.current().requestId()
                .equals(req.id()));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (String tenant : new String[] {"a", "b"}) {
                Future<String> answer = pool.submit(() -> run(app, MemoryExchange.request("GET", "/")
                        .header("X-Tenant", tenant)).responseBodyText());
                assertThat(answer.get()).isEqualTo(tenant + " true");
                assertThat(pool.submit(() -> RequestContext.find().isPresent()).get()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThatIllegalStateException().isThrownBy(RequestContext::current)
                .withMessageStartingWith("No request is being served");
    }

    @Test
    void withoutThePluginTheAccessorSaysWhatToAdd() {
        Balda app = Balda.create(o -> o.developmentMode(true));
        app.get("/", (req, res) -> RequestContext.current());
        assertThat(run(app, MemoryExchange.request("GET", "/")).responseBodyText())
                .contains("comes from the request-context plugin");
    }
}
