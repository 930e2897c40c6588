package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.RouteOptions;
import dev.balda.http.UploadedFile;
import dev.balda.plugin.body.BodyParserPlugin;
import dev.balda.plugin.context.RequestContext;
import dev.balda.plugin.context.RequestContextPlugin;
import dev.balda.plugin.cookie.CookiePlugin;
import dev.balda.plugin.methodoverride.MethodOverridePlugin;
import dev.balda.plugin.session.Session;
import dev.balda.plugin.session.SessionPlugin;
import dev.balda.plugin.timeout.TimeoutPlugin;
import dev.balda.plugin.trustproxy.TrustProxyPlugin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The README's Plugins section: turning plugins on, and what handlers read from them. */
public final class PluginsApp implements BaldaApplication {
    private final String secret = System.getenv().getOrDefault("COOKIE_SECRET", "change-me-32-characters-or-more!!");
    private final Path uploads = Path.of(System.getProperty("java.io.tmpdir"), "uploads");

    @Override
    public void configure(Balda app) {
        // tag::plugins-use[]
        app.use(TrustProxyPlugin.builder().trusted("10.0.0.0/8").build(),   // behind a load balancer
                CookiePlugin.builder().secrets(secret).build(),               // req.cookie(...), signed cookies
                SessionPlugin.builder().ttl(Duration.ofHours(8)).build(),     // Session.of(req); needs the cookie plugin
                BodyParserPlugin.builder().maxFileSize(5 * 1024 * 1024).build(),
                MethodOverridePlugin.builder().formField("_method").build(),
                RequestContextPlugin.builder().value("tenant", req -> req.header("X-Tenant")).build());
        app.get("/report", RouteOptions.of(TimeoutPlugin.builder().timeout(Duration.ofSeconds(5)).respond(true).build()),
                (req, res) -> Reports.build(RequestContext.current().get("tenant")));
        // end::plugins-use[]

        // tag::plugins-handlers[]
        app.post("/login", (req, res) -> {
            Session session = Session.of(req);
            session.regenerate();                                    // a new id at sign-in
            session.set("user", req.formParam("user"));             // a form field
            res.cookie("theme", "dark", c -> c.maxAge(Duration.ofDays(30)).signed(true));
            return res.noContent();
        });
        app.post("/avatar", (req, res) -> {
            UploadedFile file = req.file("avatar");                  // deleted when the request ends...
            file.moveTo(uploads.resolve(req.signedCookie("theme") + "-" + file.filename()));   // ...unless moved
            return Map.of("size", file.size(), "user", String.valueOf((Object) Session.of(req).get("user")));
        });
        // end::plugins-handlers[]
    }

    /** A stand-in for the application's own code. */
    static final class Reports {
        static Map<String, Object> build(Object tenant) {
            return Map.of("tenant", String.valueOf(tenant));
        }
    }
}
