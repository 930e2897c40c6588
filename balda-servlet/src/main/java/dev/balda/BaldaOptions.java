package dev.balda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Application-wide settings, immutable and built with {@link #builder()}; every value is checked
 * when {@link Builder#build()} runs, with a message that names the option.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>default</th><th>effect</th></tr>
 *   <tr><td>{@code passThrough}</td><td>false</td><td>a request no route matches goes down the
 *       servlet filter chain untouched, instead of a 404</td></tr>
 *   <tr><td>{@code developmentMode}</td><td>false</td><td>500 bodies carry the exception and its
 *       stack; never enable in production</td></tr>
 *   <tr><td>{@code maxBodySize}</td><td>1 MiB</td><td>largest request body that {@code bodyBytes},
 *       {@code bodyText} and {@code body(Class)} will read; larger is 413. Up to 2 MiB more is read
 *       and dropped so the answer reaches the client on a reusable connection; a body declared
 *       larger than that, or one the client holds back for {@code Expect: 100-continue}, is not
 *       read at all and the connection closes after the 413</td></tr>
 *   <tr><td>{@code maxQueryParameters}</td><td>1,000</td><td>most query parameters a request may
 *       carry (as Tomcat's {@code maxParameterCount}); more is 400 {@code BAD_REQUEST}, so no request
 *       can make the parsed query map grow without bound</td></tr>
 *   <tr><td>{@code requestIdHeader}</td><td>none</td><td>an incoming header (say
 *       {@code X-Request-Id}) whose value becomes the request id when it is sane; otherwise ids
 *       are generated</td></tr>
 *   <tr><td>{@code bodyTimeout}</td><td>60 s</td><td>on a servlet container, the whole request
 *       body must arrive within this time of the request reaching Balda; a body still arriving then
 *       is answered 408 {@code REQUEST_TIMEOUT} and the connection is closed. Bodies are read
 *       without holding a thread, so this bounds memory and connections, not threads</td></tr>
 *   <tr><td>{@code minBodyRate}</td><td>1,024 bytes/s</td><td>once the body has been arriving for
 *       5 s, a body whose average rate since the start is below this is answered 408 as above; 0
 *       turns the check off</td></tr>
 *   <tr><td>{@code bodyMemoryThreshold}</td><td>64 KiB</td><td>a request body up to this size is
 *       held in memory; a larger one goes to a temporary file (deleted when the request ends,
 *       whatever happens), so a 10 MiB upload does not cost 10 MiB of heap</td></tr>
 *   <tr><td>{@code tempDirectory}</td><td>{@code java.io.tmpdir}</td><td>where request bodies and
 *       uploaded files over the threshold are written</td></tr>
 *   <tr><td>{@code objectMapper}</td><td>{@link #defaultObjectMapper()}</td><td>the Jackson
 *       mapper for JSON bodies and responses</td></tr>
 * </table>
 */
public final class BaldaOptions {
    private static final BaldaOptions DEFAULTS = builder().build();

    private final boolean passThrough;
    private final boolean developmentMode;
    private final long maxBodySize;
    private final int maxQueryParameters;
    private final String requestIdHeader;
    private final ObjectMapper objectMapper;
    private final Duration bodyTimeout;
    private final long minBodyRate;
    private final int bodyMemoryThreshold;
    private final Path tempDirectory;

    private BaldaOptions(Builder b) {
        this.bodyTimeout = b.bodyTimeout;
        this.minBodyRate = b.minBodyRate;
        this.bodyMemoryThreshold = b.bodyMemoryThreshold;
        this.tempDirectory = b.tempDirectory;
        this.passThrough = b.passThrough;
        this.developmentMode = b.developmentMode;
        this.maxBodySize = b.maxBodySize;
        this.maxQueryParameters = b.maxQueryParameters;
        this.requestIdHeader = b.requestIdHeader;
        this.objectMapper = b.objectMapper != null ? b.objectMapper : defaultObjectMapper();
    }

    public static BaldaOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.passThrough = passThrough;
        b.developmentMode = developmentMode;
        b.maxBodySize = maxBodySize;
        b.maxQueryParameters = maxQueryParameters;
        b.requestIdHeader = requestIdHeader;
        b.objectMapper = objectMapper;
        b.bodyTimeout = bodyTimeout;
        b.minBodyRate = minBodyRate;
        b.bodyMemoryThreshold = bodyMemoryThreshold;
        b.tempDirectory = tempDirectory;
        return b;
    }

    /**
     * The mapper Balda uses unless told otherwise: Java time and {@code Optional} support, ISO-8601
     * dates, unknown properties ignored (a typed body never takes fields it does not declare), and
     * trailing content after a JSON value refused.
     */
    public static ObjectMapper defaultObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public boolean passThrough() {
        return passThrough;
    }

    public boolean developmentMode() {
        return developmentMode;
    }

    public long maxBodySize() {
        return maxBodySize;
    }

    public int maxQueryParameters() {
        return maxQueryParameters;
    }

    /** The trusted incoming request-id header, or {@code null}. */
    public String requestIdHeader() {
        return requestIdHeader;
    }

    public ObjectMapper objectMapper() {
        return objectMapper;
    }

    /** How long a request body may take to arrive on a servlet container. */
    public Duration bodyTimeout() {
        return bodyTimeout;
    }

    /** Bytes per second a body must average after its first 5 s; 0 when unchecked. */
    public long minBodyRate() {
        return minBodyRate;
    }

    /** Largest request body kept in memory; larger ones go to a temporary file. */
    public int bodyMemoryThreshold() {
        return bodyMemoryThreshold;
    }

    /** Where large request bodies and uploads are written. */
    public Path tempDirectory() {
        return tempDirectory != null ? tempDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** Builds {@link BaldaOptions}. */
    public static final class Builder {
        private boolean passThrough;
        private boolean developmentMode;
        private long maxBodySize = 1024 * 1024;
        private int maxQueryParameters = 1000;
        private String requestIdHeader;
        private ObjectMapper objectMapper;
        private Duration bodyTimeout = Duration.ofSeconds(60);
        private long minBodyRate = 1024;
        private int bodyMemoryThreshold = 64 * 1024;
        private Path tempDirectory;

        private Builder() {
        }

        /** The whole-body deadline; must be positive. */
        public Builder bodyTimeout(Duration bodyTimeout) {
            this.bodyTimeout = Objects.requireNonNull(bodyTimeout, "bodyTimeout");
            return this;
        }

        /** Bytes per second a body must average once it has been arriving for 5 s; 0 turns it off. */
        public Builder minBodyRate(long bytesPerSecond) {
            this.minBodyRate = bytesPerSecond;
            return this;
        }

        /** In bytes, 0 or more; a larger request body is written to a temporary file. */
        public Builder bodyMemoryThreshold(int bytes) {
            this.bodyMemoryThreshold = bytes;
            return this;
        }

        /** A directory for large request bodies and uploads; {@code null} for {@code java.io.tmpdir}. */
        public Builder tempDirectory(Path tempDirectory) {
            this.tempDirectory = tempDirectory;
            return this;
        }

        public Builder passThrough(boolean passThrough) {
            this.passThrough = passThrough;
            return this;
        }

        public Builder developmentMode(boolean developmentMode) {
            this.developmentMode = developmentMode;
            return this;
        }

        /** In bytes; must be positive. */
        public Builder maxBodySize(long maxBodySize) {
            this.maxBodySize = maxBodySize;
            return this;
        }

        /** How many query parameters (counting repeated keys) a request may carry; must be positive. */
        public Builder maxQueryParameters(int maxQueryParameters) {
            this.maxQueryParameters = maxQueryParameters;
            return this;
        }

        /** A header name such as {@code X-Request-Id}, or {@code null} to always generate ids. */
        public Builder requestIdHeader(String requestIdHeader) {
            this.requestIdHeader = requestIdHeader;
            return this;
        }

        public Builder objectMapper(ObjectMapper objectMapper) {
            this.objectMapper = Objects.requireNonNull(objectMapper,
                    "objectMapper must not be null; leave it unset for the default mapper");
            return this;
        }

        /** @throws IllegalArgumentException naming the option that is out of range */
        public BaldaOptions build() {
            if (maxBodySize <= 0) {
                throw new IllegalArgumentException("maxBodySize must be a positive number of bytes, not " + maxBodySize);
            }
            if (maxQueryParameters <= 0) {
                throw new IllegalArgumentException("maxQueryParameters must be a positive count, not " + maxQueryParameters);
            }
            if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException("bodyTimeout must be positive, not " + bodyTimeout
                        + "; give the longest time a request body may take to arrive, e.g. Duration.ofSeconds(60)");
            }
            if (minBodyRate < 0) {
                throw new IllegalArgumentException("minBodyRate must be 0 (off) or a positive number of bytes per second, not "
                        + minBodyRate);
            }
            if (bodyMemoryThreshold < 0) {
                throw new IllegalArgumentException("bodyMemoryThreshold must be 0 or more bytes, not " + bodyMemoryThreshold);
            }
            if (requestIdHeader != null && !requestIdHeader.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("requestIdHeader '" + requestIdHeader + "' is not a header name");
            }
            return new BaldaOptions(this);
        }
    }
}
