package dev.balda.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An error meant for the client: thrown anywhere in the pipeline, it becomes its status with the
 * error body {@code {"code": ..., "message": ...}} plus any {@link #details()}. Use the factories
 * for common statuses ({@code HttpException.notFound("No user 42")}) or the constructor for a code
 * of your own ({@code new HttpException(409, "EMAIL_TAKEN", "That email is registered")}).
 *
 * <p>The message is sent to the client, so it must not contain secrets; the cause, if any, is
 * only logged.
 */
public class HttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Map<String, Object> details;

    public HttpException(int status, String code, String message) {
        this(status, code, message, Map.of(), null);
    }

    public HttpException(int status, String code, String message, Map<String, ?> details, Throwable cause) {
        super(message, cause);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("HttpException status must be 400-599, not " + status);
        }
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.details = details == null || details.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An exception with the status's standard code ({@code 404} gives {@code NOT_FOUND}). */
    public static HttpException of(int status, String message) {
        return new HttpException(status, HttpStatus.errorCode(status), message);
    }

    public static HttpException badRequest(String message) {
        return of(400, message);
    }

    public static HttpException unauthorized(String message) {
        return of(401, message);
    }

    public static HttpException forbidden(String message) {
        return of(403, message);
    }

    public static HttpException notFound(String message) {
        return of(404, message);
    }

    public static HttpException conflict(String message) {
        return of(409, message);
    }

    public static HttpException gone(String message) {
        return of(410, message);
    }

    public static HttpException payloadTooLarge(String message) {
        return of(413, message);
    }

    public static HttpException unsupportedMediaType(String message) {
        return of(415, message);
    }

    public static HttpException unprocessableEntity(String message) {
        return of(422, message);
    }

    public static HttpException tooManyRequests(String message) {
        return of(429, message);
    }

    public static HttpException internalServerError(String message) {
        return of(500, message);
    }

    public static HttpException notImplemented(String message) {
        return of(501, message);
    }

    public static HttpException serviceUnavailable(String message) {
        return of(503, message);
    }

    public int status() {
        return status;
    }

    /** The stable UPPER_SNAKE identifier clients switch on. */
    public String code() {
        return code;
    }

    /** Extra fields for the error body (for example {@code errors} of a validation failure). */
    public Map<String, Object> details() {
        return details;
    }

    /** The error body: {@code code}, {@code message}, then the details. */
    public Map<String, Object> body() {
        Map<String, Object> body = errorBody(code, getMessage());
        details.forEach(body::putIfAbsent);
        return body;
    }

    /**
     * The one error body shape, {@code {"code": ..., "message": ...}}, as a mutable map in that
     * order, for answers written without throwing (extra fields may be added after the two).
     */
    public static Map<String, Object> errorBody(String code, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        return body;
    }
}
