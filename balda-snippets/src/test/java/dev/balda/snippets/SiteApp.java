package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.BaldaOptions;
import java.util.Map;

/** The README's zero-configuration WAR that also serves its static files. */
// tag::pass-through-app[]
public final class SiteApp implements BaldaApplication {
    @Override
    public BaldaOptions options() {
        // Paths without a route go on down the filter chain: the container's default servlet
        // serves src/main/webapp (index.html, css/, js/...).
        return BaldaOptions.builder().passThrough(true).build();
    }

    @Override
    public void configure(Balda app) {
        app.get("/api/health", (req, res) -> Map.of("status", "ok"));
    }
}
// end::pass-through-app[]
