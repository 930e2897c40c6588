package dev.balda.plugin;

import dev.balda.http.Request;

/**
 * What a body-parsing plugin implements, beside {@link Plugin}, to tell the engine the largest
 * body it accepts for a request (by its content type). The engine reads a body ahead of the
 * chain, without holding a thread, up to that limit, and refuses more with 413
 * {@code PAYLOAD_TOO_LARGE} when the body is asked for. A route's plugin is asked before a global
 * one; without any, {@code BaldaOptions.maxBodySize} applies.
 */
public interface BodyLimit {

    /** The limit in bytes for this request, or -1 when this plugin does not parse its content type. */
    long bodyLimit(Request req);
}
