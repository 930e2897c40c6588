package dev.balda.it.install;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import java.util.Map;

/** Found by the container through Balda's ServletContainerInitializer: no web.xml. */
public final class ZeroConfigApp implements BaldaApplication {
    @Override
    public void configure(Balda app) {
        app.get("/api/hello", (req, res) -> Map.of("via", "zero-config", "contextPath", req.contextPath()));
    }
}
