package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.plugin.staticfiles.StaticPlugin;
import java.util.Map;

/** The README's zero-configuration WAR that serves its static files with the static plugin. */
public final class StaticSiteApp implements BaldaApplication {
    @Override
    // tag::static-one-line[]
    public void configure(Balda app) {
        app.use(StaticPlugin.webapp());   // src/main/webapp (index.html, css/, js/...), beside the routes
        app.get("/api/health", (req, res) -> Map.of("status", "ok"));
    }
    // end::static-one-line[]
}
