package dev.balda;

/**
 * A Balda application that a container can find and start by itself. Put one concrete class
 * implementing it (with a public no-argument constructor) into a WAR together with balda-servlet,
 * and the container's start-up registers {@link dev.balda.servlet.BaldaFilter} on {@code /*} with
 * the application it configures: no {@code web.xml} needed. The same class can be named in a
 * {@code web.xml} filter's {@code application} init parameter instead.
 *
 * <pre>{@code
 * public final class ShopApp implements BaldaApplication {
 *     public void configure(Balda app) {
 *         app.get("/api/health", (req, res) -> Map.of("status", "ok"));
 *     }
 * }
 * }</pre>
 */
public interface BaldaApplication {

    /** Registers routes, middleware and handlers on a fresh application. */
    void configure(Balda app);

    /** The options the application is created with; the defaults unless overridden. */
    default BaldaOptions options() {
        return BaldaOptions.defaults();
    }
}
