package dev.balda.plugin.context;

import dev.balda.http.Request;
import dev.balda.internal.CurrentRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Values of the request being served, reachable from anywhere on its path (a repository, a log
 * helper) without passing the request along: {@code RequestContext.current().get("tenant")}.
 * The request-context plugin declares the values; each is computed on first use and kept for the
 * request. The engine sets the current request around every piece of the request's work, on
 * whatever thread runs it, and clears it afterwards, so nothing leaks to the next request on a
 * pooled thread. A thread the application starts itself has no current request.
 */
public final class RequestContext {
    static final String ATTRIBUTE = "dev.balda.requestContext";

    private final Request request;
    private final Map<String, Function<Request, ?>> providers;
    private final Map<String, Object> values = new LinkedHashMap<>();

    RequestContext(Request request, Map<String, Function<Request, ?>> providers) {
        this.request = request;
        this.providers = providers;
    }

    /**
     * The context of the request this thread is working for.
     *
     * @throws IllegalStateException outside a request's work, or without the request-context plugin
     */
    public static RequestContext current() {
        return find().orElseThrow(() -> new IllegalStateException(CurrentRequest.get() == null
                ? "No request is being served on this thread (" + Thread.currentThread().getName() + ")"
                : "The request context comes from the request-context plugin: add app.use(RequestContextPlugin...)"));
    }

    /** The context of the request this thread is working for, if any. */
    public static Optional<RequestContext> find() {
        Request request = CurrentRequest.get();
        return request == null ? Optional.empty() : Optional.ofNullable(request.attribute(ATTRIBUTE));
    }

    /** The request. */
    public Request request() {
        return request;
    }

    /** The request's id. */
    public String requestId() {
        return request.id();
    }

    /** A declared value (computed now if not yet), or one {@link #set}; {@code null} if neither. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T get(String name) {
        if (!values.containsKey(name)) {
            Function<Request, ?> provider = providers.get(name);
            if (provider == null) {
                return null;
            }
            values.put(name, provider.apply(request));
        }
        return (T) values.get(name);
    }

    /** Sets a value for the rest of the request. */
    public synchronized RequestContext set(String name, Object value) {
        values.put(name, value);
        return this;
    }
}
