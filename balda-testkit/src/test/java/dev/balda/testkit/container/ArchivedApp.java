package dev.balda.testkit.container;

import dev.balda.Balda;
import dev.balda.BaldaApplication;
import java.util.Map;

/**
 * The one {@link BaldaApplication} in these test classes: packaged by
 * {@code BaldaArchives.applicationWar} and deployed by {@link EngineContract}.
 */
public final class ArchivedApp implements BaldaApplication {
    @Override
    public void configure(Balda app) {
        app.get("/archived", (req, res) -> Map.of("from", "applicationWar", "helper", Helper.name()));
    }

    /** A neighbour class that only the whole-root import brings along. */
    static final class Helper {
        static String name() {
            return "helper";
        }
    }
}
