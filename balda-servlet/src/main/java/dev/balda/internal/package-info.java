/**
 * Balda's engine: the pipeline, the request and response implementations, body reading, JSON,
 * and the in-memory exchange. <strong>Not API:</strong> these classes are public only so that
 * Balda's own modules (the WebSocket bridge, the testkit) can reach them; they change without
 * notice. Applications use {@code dev.balda}, {@code dev.balda.http} and {@code dev.balda.sse}.
 */
package dev.balda.internal;
