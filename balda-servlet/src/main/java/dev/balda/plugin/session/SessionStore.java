package dev.balda.plugin.session;

import dev.balda.plugin.PluginContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where sessions live. Every method returns at once with a stage that completes when the store
 * has done it, so a store on the network (Redis) never holds a request thread; a failed stage is
 * answered 503 {@code SERVICE_UNAVAILABLE}. {@link InMemorySessionStore} is the default.
 */
public interface SessionStore {

    /** A session's data (a copy the caller may change), or {@code null} when it is unknown or expired. */
    CompletionStage<Map<String, Object>> load(String id);

    /** Stores a session's data (the store keeps its own copy) for {@code ttl} from now. */
    CompletionStage<Void> save(String id, Map<String, Object> data, Duration ttl);

    /** Forgets a session; fine when it is unknown. */
    CompletionStage<Void> delete(String id);

    /** Called when the session plugin starts (a sweep task, a connection). */
    default void start(PluginContext context) {
    }

    /** Called when the session plugin stops. */
    default void stop() {
    }
}
