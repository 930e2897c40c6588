package dev.balda.plugin.log;

import dev.balda.http.HttpException;
import dev.balda.http.Next;
import dev.balda.http.Request;
import dev.balda.http.Response;
import dev.balda.plugin.Plugin;
import dev.balda.plugin.ResponseHooks;
import dev.balda.plugin.ResponseListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One structured line per request through SLF4J, written when the response has ended (so it has
 * the status that was sent, the body bytes on the wire after compression, and the whole
 * duration), on the logger {@code dev.balda.access} at INFO:
 *
 * <pre>
 * method=GET path=/api/users/42 status=200 durationMs=1.734 bytes=61 ip=203.0.113.9 requestId=6f1c...
 * </pre>
 *
 * The same fields go along as SLF4J key-value pairs, for encoders that write JSON. The path is
 * logged without its query string, which often carries tokens. Request and response headers and
 * bodies are added only when asked for; the values of {@code Authorization},
 * {@code Proxy-Authorization}, {@code Cookie} and {@code Set-Cookie} (and any other header named in
 * {@code redact}) are replaced by {@code [redacted]}; bodies are cut at {@code maxBodyLength}.
 *
 * <p>The request's id is in the MDC under {@code requestId} for every line logged while the
 * request is being served, Balda's own included (an unhandled exception's line, say): the plugin
 * sets it in each of its steps, on whichever thread runs them, and removes it when the pipeline
 * lets go of the thread. List the plugin first, so its id is there for the other plugins too.
 *
 * <p>An access log writes a line for every request, bad ones included: that is what it is for, so
 * it is off until listed. {@code skip} leaves some out (health checks).
 */
public final class LogPlugin implements Plugin {
    private static final String REDACTED = "[redacted]";

    private final Logger logger;
    private final Level level;
    private final String mdcKey;
    private final Set<String> redact;
    private final boolean requestHeaders;
    private final boolean responseHeaders;
    private final boolean requestBody;
    private final boolean responseBody;
    private final int maxBodyLength;
    private final Predicate<Request> skip;
    private final String attribute = LogPlugin.class.getName() + ".line";

    private LogPlugin(Builder b) {
        this.logger = b.loggerInstance != null ? b.loggerInstance : LoggerFactory.getLogger(b.logger);
        this.level = b.level;
        this.mdcKey = b.mdcKey;
        this.redact = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        this.redact.addAll(b.redact);
        this.requestHeaders = b.requestHeaders;
        this.responseHeaders = b.responseHeaders;
        this.requestBody = b.requestBody;
        this.responseBody = b.responseBody;
        this.maxBodyLength = b.maxBodyLength;
        this.skip = b.skip;
    }

    /** The request line, at INFO on {@code dev.balda.access}, no headers or bodies. */
    public static LogPlugin defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "log";
    }

    @Override
    public CompletionStage<Void> before(Request req, Response res) {
        MDC.put(mdcKey, req.id());
        if (!skip.test(req)) {
            Line line = new Line(req);
            req.attribute(attribute, line);
            ResponseHooks.onEnd(res, line);
        } else {
            ResponseHooks.onEnd(res, new Line(null));
        }
        return DONE;
    }

    @Override
    public void handle(Request req, Response res, Next next) throws Exception {
        MDC.put(mdcKey, req.id());
        next.run();
    }

    @Override
    public CompletionStage<Void> after(Request req, Response res) {
        MDC.put(mdcKey, req.id());
        Line line = req.attribute(attribute);
        if (line != null) {
            // Plugins listed after this one (trust proxy, method override) have had their say by now.
            line.method = req.method();
            line.ip = req.ip();
        }
        if (line != null && logger.isEnabledForLevel(level)) {
            if (requestBody) {
                line.requestBody = requestBodyText(req);
            }
            if (responseBody) {
                byte[] body = res.body();
                line.responseBody = body != null ? cut(body, res.contentType()) : res.committed() ? "[streamed]" : "";
            }
        }
        return DONE;
    }

    private String requestBodyText(Request req) {
        try {
            return cut(req.bodyBytes(), req.contentType());
        } catch (HttpException e) {
            return "[not read: " + e.code() + "]";
        }
    }

    private String cut(byte[] body, String contentType) {
        if (body.length == 0) {
            return "";
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        boolean text = type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
        if (!text) {
            return "[" + body.length + " bytes" + (type.isEmpty() ? "" : " of " + type) + "]";
        }
        if (body.length <= maxBodyLength) {
            return new String(body, StandardCharsets.UTF_8);
        }
        return new String(body, 0, maxBodyLength, StandardCharsets.UTF_8) + "...[" + body.length + " bytes]";
    }

    /** What one request's line needs, taken while the request is live (a recycled request must not be read). */
    private final class Line implements ResponseListener {
        private final String id;
        private final String path;
        private volatile String method;
        private volatile String ip;
        private final long start = System.nanoTime();
        private final List<String[]> headers;
        private String requestBody;
        private String responseBody;

        Line(Request req) {
            this.id = req == null ? null : req.id();
            this.method = req == null ? null : req.method();
            this.path = req == null ? null : req.path();
            this.ip = req == null ? null : req.ip();
            this.headers = req != null && requestHeaders ? headerList(req) : null;
        }

        @Override
        public void ended(Response res, long bodyBytes, Throwable failure) {
            if (id == null || !logger.isEnabledForLevel(level)) {
                return;
            }
            int status = status(res);
            String duration = LogFmt.millis(System.nanoTime() - start);
            LogFmt text = new LogFmt().add("method", method).add("path", path).add("status", status)
                    .add("durationMs", duration).add("bytes", bodyBytes).add("ip", ip).add("requestId", id);
            LoggingEventBuilder event = logger.atLevel(level).addKeyValue("method", method).addKeyValue("path", path)
                    .addKeyValue("status", status).addKeyValue("durationMs", duration).addKeyValue("bytes", bodyBytes)
                    .addKeyValue("ip", ip).addKeyValue("requestId", id);
            if (failure != null) {
                text.add("error", failure.getClass().getSimpleName() + ": " + failure.getMessage());
                event.addKeyValue("error", failure.toString());
            }
            if (headers != null) {
                String value = format(headers);
                text.add("requestHeaders", value);
                event.addKeyValue("requestHeaders", value);
            }
            if (responseHeaders) {
                String value = format(responseHeaderList(res));
                text.add("responseHeaders", value);
                event.addKeyValue("responseHeaders", value);
            }
            if (requestBody != null) {
                text.add("requestBody", requestBody);
                event.addKeyValue("requestBody", requestBody);
            }
            if (responseBody != null) {
                text.add("responseBody", responseBody);
                event.addKeyValue("responseBody", responseBody);
            }
            // An event stream ends on another thread: its line carries the id there too.
            String previous = MDC.get(mdcKey);
            MDC.put(mdcKey, id);
            try {
                event.log(text.toString());
            } finally {
                if (previous == null) {
                    MDC.remove(mdcKey);
                } else {
                    MDC.put(mdcKey, previous);
                }
            }
        }

        @Override
        public void released() {
            MDC.remove(mdcKey);
        }
    }

    /** The status sent: a request handed to the container (an upgrade) has the container's. */
    private static int status(Response res) {
        if (res.detached()) {
            try {
                return res.servletResponse().getStatus();
            } catch (IllegalStateException e) {
                return 101;
            }
        }
        return res.status();
    }

    private List<String[]> headerList(Request req) {
        List<String[]> list = new ArrayList<>();
        for (String name : req.headerNames()) {
            for (String value : req.headers(name)) {
                list.add(new String[] {name, redact.contains(name) ? REDACTED : value});
            }
        }
        return list;
    }

    private List<String[]> responseHeaderList(Response res) {
        List<String[]> list = new ArrayList<>();
        for (String name : res.headerNames()) {
            for (String value : res.headers(name)) {
                list.add(new String[] {name, redact.contains(name) ? REDACTED : value});
            }
        }
        return list;
    }

    private static String format(List<String[]> headers) {
        StringBuilder sb = new StringBuilder("{");
        for (String[] header : headers) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(header[0]).append(": ").append(header[1]);
        }
        return sb.append('}').toString();
    }

    /** Builds a {@link LogPlugin}. */
    public static final class Builder {
        private String logger = "dev.balda.access";
        private Logger loggerInstance;
        private Level level = Level.INFO;
        private String mdcKey = "requestId";
        private final Set<String> redact = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        private boolean requestHeaders;
        private boolean responseHeaders;
        private boolean requestBody;
        private boolean responseBody;
        private int maxBodyLength = 1024;
        private Predicate<Request> skip = req -> false;

        private Builder() {
            redact.addAll(List.of("Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie"));
        }

        /** The logger's name ({@code dev.balda.access}). */
        public Builder logger(String name) {
            this.logger = Objects.requireNonNull(name, "logger");
            this.loggerInstance = null;
            return this;
        }

        /** The logger itself, instead of one by name. */
        public Builder logger(Logger logger) {
            this.loggerInstance = Objects.requireNonNull(logger, "logger");
            return this;
        }

        /** The level of the lines (INFO). */
        public Builder level(Level level) {
            this.level = Objects.requireNonNull(level, "level");
            return this;
        }

        /** The MDC key of the request id ({@code requestId}). */
        public Builder mdcKey(String key) {
            this.mdcKey = Objects.requireNonNull(key, "mdcKey");
            return this;
        }

        /** More headers whose values are never logged, beside Authorization, Proxy-Authorization, Cookie and Set-Cookie. */
        public Builder redact(String... headers) {
            for (String header : headers) {
                redact.add(Objects.requireNonNull(header, "redact"));
            }
            return this;
        }

        /** Log the request's headers (secrets redacted). */
        public Builder requestHeaders(boolean on) {
            this.requestHeaders = on;
            return this;
        }

        /** Log the response's headers (secrets redacted). */
        public Builder responseHeaders(boolean on) {
            this.responseHeaders = on;
            return this;
        }

        /**
         * Log the request's body (text types; others by size), reading it after the handler if
         * the handler did not: only for development, since bodies carry passwords and personal data.
         */
        public Builder requestBody(boolean on) {
            this.requestBody = on;
            return this;
        }

        /** Log the response's buffered body (text types; others by size): only for development. */
        public Builder responseBody(boolean on) {
            this.responseBody = on;
            return this;
        }

        /** Where logged bodies are cut (1,024 bytes), at most 65,536. */
        public Builder maxBodyLength(int bytes) {
            this.maxBodyLength = bytes;
            return this;
        }

        /** Requests to leave out of the log (their id still goes to the MDC). */
        public Builder skip(Predicate<Request> skip) {
            this.skip = Objects.requireNonNull(skip, "skip");
            return this;
        }

        /** @throws IllegalArgumentException naming the option to change */
        public LogPlugin build() {
            if (logger.isBlank()) {
                throw new IllegalArgumentException("log: logger must name a logger, such as dev.balda.access");
            }
            if (mdcKey.isBlank()) {
                throw new IllegalArgumentException("log: mdcKey must not be blank");
            }
            if (maxBodyLength < 1 || maxBodyLength > 65_536) {
                throw new IllegalArgumentException("log: maxBodyLength must be 1 to 65,536 bytes, not " + maxBodyLength);
            }
            return new LogPlugin(this);
        }
    }
}
