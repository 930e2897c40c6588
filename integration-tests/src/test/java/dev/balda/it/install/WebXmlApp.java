package dev.balda.it.install;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import java.util.Map;

/** Named by web.xml in the filter's {@code application} init parameter. */
public final class WebXmlApp implements BaldaApplication {
    @Override
    public void configure(Balda app) {
        app.get("/api/hello", (req, res) -> Map.of("via", "web.xml", "passThrough", app.options().passThrough()));
        app.post("/api/size", (req, res) -> Map.of("bytes", req.bodyBytes().length));
    }
}
