package dev.balda;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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

    private BaldaOptions(Builder b) {
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

    /** Builds {@link BaldaOptions}. */
    public static final class Builder {
        private boolean passThrough;
        private boolean developmentMode;
        private long maxBodySize = 1024 * 1024;
        private int maxQueryParameters = 1000;
        private String requestIdHeader;
        private ObjectMapper objectMapper;

        private Builder() {
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
            if (requestIdHeader != null && !requestIdHeader.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                throw new IllegalArgumentException("requestIdHeader '" + requestIdHeader + "' is not a header name");
            }
            return new BaldaOptions(this);
        }
    }
}
