package dev.balda.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.balda.BaldaOptions;
import dev.balda.http.Request;
import dev.balda.internal.routing.RouteMatch;
import dev.balda.transport.Exchange;
import dev.balda.http.HttpException;
import dev.balda.http.MediaType;
import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import java.security.Principal;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Request} over an {@link Exchange}: a view, computed on demand. Parsing the query
 * ({@link QueryParser}), reading the body ({@link BodyReader}), binding JSON ({@link JsonCodec})
 * and choosing the id ({@link RequestIds}) each live in their own class.
 */
final class ExchangeRequest implements Request {
    private final Exchange exchange;
    private final BaldaOptions options;
    private final JsonCodec json;
    private RouteMatch<?> match;
    private Map<String, List<String>> query;
    private BodySource body;
    private Object parsedBody;
    private String method;
    private RequestRun run;
    private String scheme;
    private String host;
    private String ip;
    private String id;
    private Map<String, Object> attributes;

    ExchangeRequest(Exchange exchange, BaldaOptions options, JsonCodec json, RouteMatch<?> match) {
        this.exchange = exchange;
        this.options = options;
        this.json = json;
        this.match = match;
    }

    @Override
    public String method() {
        return method != null ? method : exchange.method();
    }

    @Override
    public String originalMethod() {
        return exchange.method();
    }

    /** A routing hook changed the method before the route was matched. */
    void overrideMethod(String method) {
        this.method = method;
    }

    /** The route matched after a routing hook changed the method. */
    void match(RouteMatch<?> match) {
        this.match = match;
    }

    void run(RequestRun run) {
        this.run = run;
    }

    RequestRun run() {
        return run;
    }

    /** Where the body comes from: read ahead, or read when asked. */
    void bodySource(BodySource body) {
        this.body = body;
    }

    @Override
    public String path() {
        String path = exchange.rawPath();
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public String contextPath() {
        return exchange.contextPath();
    }

    @Override
    public String url() {
        StringBuilder sb = new StringBuilder(64).append(scheme()).append("://").append(host())
                .append(exchange.contextPath()).append(path());
        String q = exchange.rawQuery();
        if (q != null) {
            sb.append('?').append(q);
        }
        return sb.toString();
    }

    @Override
    public String scheme() {
        return scheme != null ? scheme : exchange.scheme();
    }

    @Override
    public String host() {
        return host != null ? host : exchange.host();
    }

    @Override
    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    @Override
    public void setHost(String host) {
        this.host = host;
    }

    @Override
    public String param(String name) {
        return match == null ? null : match.param(name);
    }

    @Override
    public Map<String, String> params() {
        return match == null ? Map.of() : match.params();
    }

    // ------------------------------------------------------------------ query

    @Override
    public String query(String name) {
        List<String> values = queries().get(name);
        return values == null ? null : values.get(0);
    }

    @Override
    public List<String> queryAll(String name) {
        List<String> values = queries().get(name);
        return values == null ? List.of() : values;
    }

    @Override
    public Map<String, List<String>> queries() {
        if (query == null) {
            query = QueryParser.parse(exchange.rawQuery(), options.maxQueryParameters());
        }
        return query;
    }

    @Override
    public String queryString() {
        return exchange.rawQuery();
    }

    // ------------------------------------------------------------------ headers

    @Override
    public String header(String name) {
        return exchange.header(name);
    }

    @Override
    public List<String> headers(String name) {
        return exchange.headers(name);
    }

    @Override
    public Collection<String> headerNames() {
        return exchange.headerNames();
    }

    @Override
    public String contentType() {
        return exchange.header("Content-Type");
    }

    @Override
    public long contentLength() {
        return exchange.contentLength();
    }

    // ------------------------------------------------------------------ body

    @Override
    public byte[] bodyBytes() {
        return body().bytes();
    }

    @Override
    public InputStream bodyStream() {
        return body().stream();
    }

    private BodySource body() {
        if (body == null) {
            // Only a request built outside a run lacks a source: read when asked, as always.
            body = new BodyReader(exchange, options.maxBodySize());
        }
        return body;
    }

    /** Whether part of the body was left unread after a refusal, so the connection should close. */
    boolean bodyAbandoned() {
        return body != null && body.abandoned();
    }

    @Override
    public String bodyText() {
        return new String(bodyBytes(), BodyReader.charset(contentType()));
    }

    @Override
    public <T> T body(Class<T> type) {
        return json.read(jsonBytes(), type);
    }

    @Override
    public <T> T body(TypeReference<T> type) {
        return json.read(jsonBytes(), json.mapper().constructType(type));
    }

    /**
     * The body for typed binding: a non-empty body must say it is JSON, in a charset this JVM
     * knows (other charsets than UTF-8 are decoded first).
     */
    private byte[] jsonBytes() {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            return bytes;
        }
        String header = contentType();
        if (ContentTypes.JSON.equalsIgnoreCase(header)) {
            return bytes; // the usual header, and JSON's default charset
        }
        MediaType type = MediaType.parse(header);
        if (type == null || !type.isJson()) {
            throw HttpException.unsupportedMediaType("Send the JSON body with Content-Type: application/json, not "
                    + (type == null ? "no content type" : type.essence()));
        }
        java.nio.charset.Charset charset = BodyReader.charset(type);
        return charset.equals(java.nio.charset.StandardCharsets.UTF_8) ? bytes
                : new String(bytes, charset).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Object parsedBody() {
        return parsedBody;
    }

    @Override
    public void setParsedBody(Object body) {
        this.parsedBody = body;
    }

    // ------------------------------------------------------------------ identity

    @Override
    public String ip() {
        return ip != null ? ip : exchange.remoteAddress();
    }

    @Override
    public void setIp(String ip) {
        this.ip = ip;
    }

    @Override
    public String id() {
        if (id == null) {
            String header = options.requestIdHeader();
            id = RequestIds.choose(header == null ? null : exchange.header(header));
        }
        return id;
    }

    @Override
    public Principal principal() {
        return exchange.userPrincipal();
    }

    // ------------------------------------------------------------------ attributes

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attribute(String name) {
        Object value = attributes == null ? null : attributes.get(name);
        return (T) (value != null ? value : exchange.attribute(name));
    }

    @Override
    public Request attribute(String name, Object value) {
        if (value == null) {
            if (attributes != null) {
                attributes.remove(name);
            }
        } else {
            if (attributes == null) {
                attributes = new HashMap<>();
            }
            attributes.put(name, value);
        }
        return this;
    }

    @Override
    public Map<String, Object> attributes() {
        if (attributes == null) {
            attributes = new HashMap<>();
        }
        return attributes;
    }

    @Override
    public HttpServletRequest servletRequest() {
        HttpServletRequest request = exchange.servletRequest();
        if (request == null) {
            throw new IllegalStateException("This request did not come through a servlet container"
                    + " (it runs in the mock server); there is no HttpServletRequest");
        }
        return request;
    }

    @Override
    public String toString() {
        return method() + " " + path();
    }
}
