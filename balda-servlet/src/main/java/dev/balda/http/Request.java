package dev.balda.http;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The request as Balda's middleware and handlers see it. Everything is read on demand: the query
 * string is parsed on the first query lookup, the body is read on the first body access (bounded
 * by {@code BaldaOptions.maxBodySize}), and headers are looked up in the container's own table.
 *
 * <p>Lookups return {@code null} for something absent rather than throwing. Malformed input
 * surfaces as an {@link dev.balda.http.HttpException} with status 400 (or 413 for a body over the
 * limit), which the pipeline turns into the JSON error body.
 */
public interface Request {

    /** The method in upper case, as sent. */
    String method();

    /** The path without the context path and query string, percent-encoded as received. */
    String path();

    /** The servlet context path ({@code ""} at the root), percent-encoded as received. */
    String contextPath();

    /** The full URL: scheme, host, port, context path, path and query string. */
    String url();

    /** {@code http} or {@code https}, as the container reports it. */
    String scheme();

    /** The {@code Host} the client asked for, with its port if one was given. */
    String host();

    /** A path param of the matched route, percent-decoded, or {@code null}. The wildcard is {@code "*"}. */
    String param(String name);

    /** All path params of the matched route, in pattern order. */
    Map<String, String> params();

    /** The first value of a query param ({@code +} is a space), or {@code null}. */
    String query(String name);

    /** Every value of a repeated query param in order, empty if absent. */
    List<String> queryAll(String name);

    /** All query params with all their values, in order of first appearance. */
    Map<String, List<String>> queries();

    /** The raw query string without {@code ?}, or {@code null}. */
    String queryString();

    /** The first value of a header (names are case-insensitive), or {@code null}. */
    String header(String name);

    /** Every value of a header, empty if absent. */
    List<String> headers(String name);

    /** The names of the headers present. */
    Collection<String> headerNames();

    /** The {@code Content-Type} header, or {@code null}. */
    String contentType();

    /** The declared {@code Content-Length}, or -1. */
    long contentLength();

    /**
     * The body's bytes, read once and kept. An empty body gives an empty array.
     *
     * @throws dev.balda.http.HttpException 413 {@code PAYLOAD_TOO_LARGE} over the size limit; a
     *     body that failed to read is not read again, later calls throw the same exception
     */
    byte[] bodyBytes();

    /** The body decoded with the charset of its content type (UTF-8 when none is given). */
    String bodyText();

    /**
     * The JSON body bound to a type with the application's {@code ObjectMapper}; {@code null} for an
     * empty body. Unknown properties are ignored.
     *
     * @throws dev.balda.http.HttpException 400 {@code INVALID_JSON} when the body is not JSON
     *     (content after the value included, unless the {@code ObjectMapper} allows trailing tokens),
     *     400 {@code INVALID_BODY} when it does not fit the type
     */
    <T> T body(Class<T> type);

    /** As {@link #body(Class)}, for generic types: {@code req.body(new TypeReference<List<User>>() {})}. */
    <T> T body(TypeReference<T> type);

    /**
     * The body as a parser plugin left it ({@link #setParsedBody}), or {@code null} when no parser
     * ran.
     */
    Object parsedBody();

    /** For body-parsing middleware: stores the parsed body for {@link #parsedBody()}. */
    void setParsedBody(Object body);

    /**
     * The client's address: the socket peer, unless middleware (such as a trust-proxy plugin) has
     * set another with {@link #setIp(String)}.
     */
    String ip();

    /** For proxy-aware middleware: replaces the address {@link #ip()} reports. */
    void setIp(String ip);

    /**
     * An id for this request, stable for its whole life: from the configured incoming header when
     * the options name one and the value is sane, otherwise generated.
     */
    String id();

    /** The authenticated user the container knows of, or {@code null}. */
    Principal principal();

    /**
     * A per-request value that middleware left for later code, or else an attribute the transport
     * carries (a servlet request attribute, such as {@code jakarta.servlet.request.X509Certificate}
     * or one set by a filter before Balda), or {@code null}.
     */
    <T> T attribute(String name);

    /** Sets (or, with {@code null}, removes) a per-request value. */
    Request attribute(String name, Object value);

    /** All per-request values. */
    Map<String, Object> attributes();

    /**
     * The container's request, for what Balda does not cover.
     *
     * @throws IllegalStateException when the request did not come through a servlet container
     *     (the testkit's mock server)
     */
    HttpServletRequest servletRequest();
}
