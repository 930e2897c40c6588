package dev.balda.plugin.context;

import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.Plugin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The request-context plugin: declares per-request values that {@link RequestContext#current()}
 * reaches from anywhere on the request's path.
 *
 * <pre>{@code
 * app.use(RequestContextPlugin.builder()
 *         .value("tenant", req -> req.header("X-Tenant"))
 *         .value("userAgent", req -> req.header("User-Agent"))
 *         .build());
 * // deep in a repository:
 * String tenant = RequestContext.current().get("tenant");
 * }</pre>
 */
public final class RequestContextPlugin implements Plugin {
    private final Map<String, Function<Request, ?>> providers;

    private RequestContextPlugin(Builder b) {
        this.providers = Map.copyOf(b.providers);
    }

    /** A context with no declared values (set them with {@link RequestContext#set}). */
    public static RequestContextPlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "request-context";
    }

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        req.attribute(RequestContext.ATTRIBUTE, new RequestContext(req, providers));
        return DONE;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        next.run();
    }

    /** Builds a {@link RequestContextPlugin}. */
    public static final class Builder {
        private final Map<String, Function<Request, ?>> providers = new LinkedHashMap<>();

        private Builder() {
        }

        /** A value computed from the request on first use, then kept for the request. */
        public Builder value(String name, Function<Request, ?> provider) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(provider, "provider");
            if (providers.putIfAbsent(name, provider) != null) {
                throw new IllegalArgumentException("value '" + name + "' is declared twice");
            }
            return this;
        }

        public RequestContextPlugin build() {
            return new RequestContextPlugin(this);
        }
    }
}
