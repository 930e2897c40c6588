package dev.balda;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.balda.error.HttpException;
import dev.balda.http.Request;
import dev.balda.routing.RouteMatch;
import dev.balda.transport.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** {@link Request} over an {@link Exchange}; everything beyond the route match is computed on demand. */
final class ExchangeRequest implements Request {
    private static final byte[] EMPTY = new byte[0];
    /** How much of a refused body is read and dropped before giving up on the connection (as Tomcat's maxSwallowSize). */
    static final long DISCARD_LIMIT = 2L * 1024 * 1024;

    private final Exchange exchange;
    private final BaldaOptions options;
    private final RouteMatch<?> match;
    private Map<String, List<String>> query;
    private byte[] body;
    private HttpException bodyFailure;
    private Object parsedBody;
    private String ip;
    private String id;
    private Map<String, Object> attributes;
    private boolean bodyAbandoned;

    ExchangeRequest(Exchange exchange, BaldaOptions options, RouteMatch<?> match) {
        this.exchange = exchange;
        this.options = options;
        this.match = match;
    }

    @Override
    public String method() {
        return exchange.method();
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
        StringBuilder sb = new StringBuilder(64).append(exchange.scheme()).append("://").append(exchange.host())
                .append(exchange.contextPath()).append(path());
        String q = exchange.rawQuery();
        if (q != null) {
            sb.append('?').append(q);
        }
        return sb.toString();
    }

    @Override
    public String scheme() {
        return exchange.scheme();
    }

    @Override
    public String host() {
        return exchange.host();
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
            query = parseQuery(exchange.rawQuery(), options.maxQueryParameters());
        }
        return query;
    }

    @Override
    public String queryString() {
        return exchange.rawQuery();
    }

    private static Map<String, List<String>> parseQuery(String raw, int limit) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> parsed = new LinkedHashMap<>();
        int start = 0;
        int count = 0;
        while (start <= raw.length()) {
            int amp = raw.indexOf('&', start);
            int end = amp < 0 ? raw.length() : amp;
            if (end > start) {
                if (++count > limit) {
                    throw HttpException.badRequest("More than " + limit + " query parameters");
                }
                int eq = raw.indexOf('=', start);
                String key;
                String value;
                if (eq < 0 || eq > end) {
                    key = UriDecoder.queryComponent(raw.substring(start, end));
                    value = "";
                } else {
                    key = UriDecoder.queryComponent(raw.substring(start, eq));
                    value = UriDecoder.queryComponent(raw.substring(eq + 1, end));
                }
                parsed.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
            }
            start = end + 1;
        }
        parsed.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return Collections.unmodifiableMap(parsed);
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
        if (body == null) {
            if (bodyFailure != null) {
                // The transport's stream was (partly) consumed: reading again would return a truncated body.
                throw bodyFailure;
            }
            try {
                body = readBody();
            } catch (HttpException e) {
                bodyFailure = e;
                throw e;
            }
        }
        return body;
    }

    private byte[] readBody() {
        long limit = options.maxBodySize();
        long declared = exchange.contentLength();
        if (declared > limit) {
            String expect = exchange.header("Expect");
            if (declared > limit + DISCARD_LIMIT || expect != null && expect.equalsIgnoreCase("100-continue")) {
                // Not worth reading, or not even sent yet (the client waits for 100 Continue):
                // refuse without touching the body and close the connection after the answer.
                bodyAbandoned = true;
                throw tooLarge(limit);
            }
        }
        try (InputStream in = exchange.requestBody()) {
            if (declared > limit) {
                discardRest(in);
                throw tooLarge(limit);
            }
            // The declared length is only the client's claim (and may exceed an int): presize up to 64 KiB.
            int initial = declared > 0 ? (int) Math.min(declared, 64 * 1024) : 256;
            ByteArrayOutputStream out = new ByteArrayOutputStream(initial);
            byte[] buffer = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > limit) {
                    discardRest(in);
                    throw tooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
            return total == 0 ? EMPTY : out.toByteArray();
        } catch (IOException e) {
            bodyAbandoned = true;
            throw new HttpException(400, "BAD_REQUEST", "The request body could not be read", Map.of(), e);
        }
    }

    /**
     * Reads and drops what is left of a refused body, up to {@link #DISCARD_LIMIT}, so the 413 can
     * reach the client: a server that closes a connection with unread request data makes the
     * client's TCP stack reset it, and the client may lose the answer. Past the limit the body is
     * abandoned and the response asks to close the connection.
     */
    private void discardRest(InputStream in) {
        byte[] scratch = new byte[8192];
        long budget = DISCARD_LIMIT;
        try {
            while (budget > 0) {
                int n = in.read(scratch, 0, (int) Math.min(scratch.length, budget));
                if (n < 0) {
                    return;
                }
                budget -= n;
            }
            bodyAbandoned = in.read() >= 0;
        } catch (IOException e) {
            bodyAbandoned = true;
        }
    }

    /** Whether part of the body was left unread after a refusal, so the connection should close. */
    boolean bodyAbandoned() {
        return bodyAbandoned;
    }

    private static HttpException tooLarge(long limit) {
        return HttpException.payloadTooLarge("The request body is larger than " + limit + " bytes");
    }

    @Override
    public String bodyText() {
        return new String(bodyBytes(), charset());
    }

    private Charset charset() {
        String type = contentType();
        if (type != null) {
            int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = type.substring(at + 8).split(";", 2)[0].trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw HttpException.unsupportedMediaType("Unsupported charset '" + name + "'");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public <T> T body(Class<T> type) {
        ObjectMapper mapper = options.objectMapper();
        return bindJson(mapper, mapper.constructType(type));
    }

    @Override
    public <T> T body(TypeReference<T> type) {
        ObjectMapper mapper = options.objectMapper();
        return bindJson(mapper, mapper.constructType(type));
    }

    private <T> T bindJson(ObjectMapper mapper, JavaType type) {
        byte[] bytes = bodyBytes();
        if (bytes.length == 0) {
            return null;
        }
        // Jackson reports content after the value as a mapping problem; it is a syntax problem (the
        // body is not one JSON value), so the mapper's trailing-token check is done here instead.
        ObjectReader reader = mapper.readerFor(type);
        boolean refuseTrailing = reader.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        if (refuseTrailing) {
            reader = reader.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        }
        try (JsonParser parser = reader.createParser(bytes)) {
            T value = reader.readValue(parser);
            if (refuseTrailing && parser.nextToken() != null) {
                throw new HttpException(400, "INVALID_JSON", "The request body is not valid JSON");
            }
            return value;
        } catch (DatabindException e) {
            String where = path(e);
            throw new HttpException(400, "INVALID_BODY", "The JSON body does not fit the expected "
                    + type.getRawClass().getSimpleName() + (where.isEmpty() ? "" : " at '" + where + "'"),
                    Map.of(), e);
        } catch (JacksonException e) {
            throw new HttpException(400, "INVALID_JSON", "The request body is not valid JSON", Map.of(), e);
        } catch (IOException e) {
            throw new HttpException(400, "BAD_REQUEST", "The request body could not be read", Map.of(), e);
        }
    }

    private static String path(DatabindException e) {
        if (!(e instanceof JsonMappingException mapping)) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : mapping.getPath()) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
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
            String incoming = header == null ? null : exchange.header(header);
            id = isSaneId(incoming) ? incoming : generateId();
        }
        return id;
    }

    private static boolean isSaneId(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.:".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static String generateId() {
        // Request ids need uniqueness, not secrecy: a thread-local PRNG avoids SecureRandom's cost.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    @Override
    public Principal principal() {
        return exchange.userPrincipal();
    }

    // ------------------------------------------------------------------ attributes

    @Override
    @SuppressWarnings("unchecked")
    public <T> T attribute(String name) {
        return attributes == null ? null : (T) attributes.get(name);
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
