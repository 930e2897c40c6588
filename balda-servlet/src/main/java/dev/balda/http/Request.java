package dev.balda.http;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
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

    /**
     * The method in upper case: as sent, or as a method-override plugin set it before routing (a
     * {@code POST} with {@code X-HTTP-Method-Override: DELETE} is a {@code DELETE} here).
     */
    String method();

    /** The method as sent on the wire, before any override. */
    default String originalMethod() {
        return method();
    }

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
     * The body as a stream, read from wherever it was stored (a large body is in a temporary file
     * rather than in memory); each call opens a new stream from the start. Fails as
     * {@link #bodyBytes()} does.
     */
    default InputStream bodyStream() {
        return new ByteArrayInputStream(bodyBytes());
    }

    /**
     * The JSON body bound to a type with the application's {@code ObjectMapper}; {@code null} for an
     * empty body. Unknown properties are ignored. The content type must be JSON
     * ({@code application/json} or {@code application/*+json}, any case and parameters): anything
     * else is 415 {@code UNSUPPORTED_MEDIA_TYPE}, so a cross-site {@code text/plain} form cannot
     * post JSON to a cookie-authenticated route; so is a charset this JVM does not know.
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

    /** For proxy-aware middleware: replaces the scheme {@link #scheme()} and {@link #url()} report. */
    void setScheme(String scheme);

    /** For proxy-aware middleware: replaces the host {@link #host()} and {@link #url()} report. */
    void setHost(String host);

    // ---------------------------------------------------------------- cookies (the cookie plugin)

    /**
     * A request cookie's value, or {@code null}.
     *
     * @throws IllegalStateException when the cookie plugin does not run for this request
     */
    default String cookie(String name) {
        return cookies().get(name);
    }

    /**
     * Every request cookie, by name (the first of a repeated name wins), as the cookie plugin
     * parsed the {@code Cookie} header.
     *
     * @throws IllegalStateException when the cookie plugin does not run for this request
     */
    default Map<String, String> cookies() {
        Map<String, String> cookies = attribute("dev.balda.cookies");
        if (cookies == null) {
            throw new IllegalStateException("Request cookies are parsed by the cookie plugin: add"
                    + " app.use(CookiePlugin.defaults()) (dev.balda.plugin.cookie) before reading req.cookie(...)");
        }
        return cookies;
    }

    /**
     * A signed cookie's value once its signature checked out against one of the cookie plugin's
     * secrets, or {@code null} when it is absent, unsigned or forged.
     *
     * @throws IllegalStateException when the cookie plugin does not run for this request
     */
    default String signedCookie(String name) {
        cookies();
        Map<String, String> signed = attribute("dev.balda.signedCookies");
        return signed == null ? null : signed.get(name);
    }

    // ---------------------------------------------------------------- forms and uploads (the body parser plugin)

    /**
     * The first value of a form field ({@code application/x-www-form-urlencoded} or a multipart
     * field), or {@code null}.
     *
     * @throws IllegalStateException when the body parser plugin does not run for this request
     */
    default String formParam(String name) {
        List<String> values = formParams(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /**
     * Every value of a form field, empty if absent.
     *
     * @throws IllegalStateException when the body parser plugin does not run for this request
     */
    default List<String> formParams(String name) {
        files();
        if (!(parsedBody() instanceof Map<?, ?> form)) {
            return List.of();
        }
        Object value = form.get(name);
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) list;
            return values;
        }
        return List.of();
    }

    /**
     * The files uploaded with this {@code multipart/form-data} request, in order; empty for any
     * other request. They are deleted when the request ends.
     *
     * @throws IllegalStateException when the body parser plugin does not run for this request
     */
    default List<UploadedFile> files() {
        List<UploadedFile> files = attribute("dev.balda.files");
        if (files == null) {
            throw new IllegalStateException("Uploads are parsed by the body parser plugin: add"
                    + " app.use(BodyParserPlugin.defaults()) (dev.balda.plugin.body) before reading req.files()");
        }
        return files;
    }

    /** The first file uploaded in a form field, or {@code null}. */
    default UploadedFile file(String fieldName) {
        for (UploadedFile file : files()) {
            if (file.fieldName().equals(fieldName)) {
                return file;
            }
        }
        return null;
    }

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
