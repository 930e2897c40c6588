package dev.balda.snippets;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import dev.balda.RouteOptions;
import dev.balda.plugin.cache.CachePlugin;
import dev.balda.plugin.compression.CompressionPlugin;
import dev.balda.plugin.cors.CorsPlugin;
import dev.balda.plugin.helmet.HelmetPlugin;
import dev.balda.plugin.log.LogPlugin;
import dev.balda.plugin.ratelimit.RateLimitPlugin;
import dev.balda.plugin.staticfiles.StaticPlugin;
import java.time.Duration;

/** The README's plugins example: what shapes and guards the responses of a real application. */
// tag::plugins[]
public final class StoreApp implements BaldaApplication {
    private final UserStore users = new UserStore();
    private final CachePlugin userCache = CachePlugin.builder().ttl(Duration.ofSeconds(30)).tags("users").build();

    @Override
    public void configure(Balda app) {
        app.use(LogPlugin.defaults(),                 // one line per request; the request id in the MDC
                HelmetPlugin.defaults(),              // the twelve security headers
                CorsPlugin.builder().origin("https://app.example.com").credentials(true).build(),
                RateLimitPlugin.builder().limit(100).window(Duration.ofMinutes(1)).build(),
                CompressionPlugin.defaults(),         // gzip or deflate, from 1 KiB
                StaticPlugin.webapp());               // src/main/webapp, beside the routes
        app.get("/api/users/:id", RouteOptions.of(userCache), (req, res) -> users.find(req.param("id")));
        app.post("/api/users", (req, res) -> {
            User user = users.add(req.body(NewUser.class));
            userCache.invalidateTags("users");
            return res.created(user);
        });
    }
}
// end::plugins[]
