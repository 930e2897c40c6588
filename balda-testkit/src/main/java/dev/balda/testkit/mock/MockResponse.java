package dev.balda.testkit.mock;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.balda.http.Headers;
import dev.balda.http.HttpStatus;
import dev.balda.http.MediaType;
import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The complete answer to a {@link MockRequest}: status, headers, cookies and body, with readers
 * for the body (text, bytes, JSON tree, typed object) and chainable assertions in the spirit of
 * Balda.js's {@code MockResponse}.
 *
 * <pre>{@code
 * server.get("/api/users/7").send()
 *         .assertStatus(200)
 *         .assertHeader("Content-Type", "application/json")
 *         .assertBodySubset(Map.of("id", 7, "name", "Ann"))
 *         .assertThat("has no password", r -> !r.json().has("password"));
 * }</pre>
 *
 * <p>A failed assertion throws an {@link AssertionError} (opentest4j's
 * {@code AssertionFailedError} when JUnit 5 is present) whose message says what was expected and
 * then shows the actual response: status line, headers and body (cut at about 2 KB). Expected
 * bodies may be {@code Map}s, records or other objects Jackson can write, {@code JsonNode}s, or
 * JSON text; they are written with the application's {@code ObjectMapper}, exactly like the
 * application's own responses, and compared as JSON: field order does not matter and numbers
 * compare by value. The body assertions need a JSON body, positive and negated ones alike.
 *
 * <p>A response is a snapshot: it does not change after {@code send()} returned.
 */
public final class MockResponse {
    static final int BODY_SHOW_LIMIT = 2048;

    private final int status;
    private final Headers headers;
    private final byte[] body;
    private final Throwable abortCause;
    private final boolean requestBodyRead;
    private final boolean passedThrough;
    private final ObjectMapper mapper;
    private JsonNode json;

    private MockResponse(int status, Headers headers, byte[] body, Throwable abortCause,
                         boolean requestBodyRead, boolean passedThrough, ObjectMapper mapper) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.abortCause = abortCause;
        this.requestBodyRead = requestBodyRead;
        this.passedThrough = passedThrough;
        this.mapper = mapper;
    }

    static MockResponse of(MemoryExchange exchange, ObjectMapper mapper) {
        return new MockResponse(exchange.status(), exchange.responseHeaders(),
                exchange.responseBodyBytes(), exchange.abortCause(), exchange.requestBodyRead(), false, mapper);
    }

    /** Pass-through mode left the request alone; with nothing behind the filter a container answers 404. */
    static MockResponse passedThrough(MemoryExchange exchange, ObjectMapper mapper) {
        return new MockResponse(404, new Headers(), new byte[0], null, exchange.requestBodyRead(), true, mapper);
    }

    // ------------------------------------------------------------------ reading

    public int status() {
        return status;
    }

    /** The first value of a response header (case-insensitive name), or {@code null}. */
    public String header(String name) {
        return headers.first(name);
    }

    /** Every value of a response header in order, empty if absent. */
    public List<String> headers(String name) {
        return headers.all(name);
    }

    /** All response headers as name/value pairs, in the order they were set. */
    public List<Map.Entry<String, String>> headerList() {
        List<Map.Entry<String, String>> list = new ArrayList<>(headers.size());
        headers.forEach((name, value) -> list.add(Map.entry(name, value)));
        return Collections.unmodifiableList(list);
    }

    /** The cookies set by {@code Set-Cookie} headers, in order. */
    public List<MockCookie> cookies() {
        List<MockCookie> cookies = new ArrayList<>();
        for (String value : headers("Set-Cookie")) {
            MockCookie cookie = MockCookie.parse(value);
            if (cookie != null) {
                cookies.add(cookie);
            }
        }
        return Collections.unmodifiableList(cookies);
    }

    /** The cookie with this name (the last one, if set more than once), or {@code null}. */
    public MockCookie cookie(String name) {
        MockCookie found = null;
        for (MockCookie cookie : cookies()) {
            if (cookie.name().equals(name)) {
                found = cookie;
            }
        }
        return found;
    }

    /** The body decoded with the charset of its {@code Content-Type} (UTF-8 when none is given). */
    public String text() {
        return new String(body, charset());
    }

    public byte[] bytes() {
        return body.clone();
    }

    /**
     * The body as a JSON tree.
     *
     * @throws AssertionError if the body is empty or not JSON, showing the response
     */
    public JsonNode json() {
        if (json == null) {
            json = parseBody("Expected a JSON body");
        }
        return json;
    }

    /**
     * The JSON body bound to a type with the application's {@code ObjectMapper}.
     *
     * @throws AssertionError if the body is empty or does not bind, showing the response
     */
    public <T> T as(Class<T> type) {
        return bind(mapper.constructType(type));
    }

    /** As {@link #as(Class)} for generic types: {@code as(new TypeReference<List<User>>() {})}. */
    public <T> T as(TypeReference<T> type) {
        return bind(mapper.constructType(type));
    }

    private <T> T bind(JavaType type) {
        if (body.length == 0) {
            throw Failures.failure("Expected a JSON body to read as " + type.toCanonical() + ", but the body is empty",
                    this, null, null);
        }
        try {
            return mapper.readValue(body, type);
        } catch (JacksonException e) {
            throw Failures.failure("Could not read the body as " + type.toCanonical() + ": " + e.getOriginalMessage(),
                    this, null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether anything in the pipeline read the request body (a pass-through request must leave it unread). */
    public boolean requestBodyWasRead() {
        return requestBodyRead;
    }

    /**
     * Whether pass-through mode left the request to the next filter because no route matched its
     * path. With nothing behind the filter, the response is then an empty 404, as from a
     * container with no other servlet.
     */
    public boolean passedThrough() {
        return passedThrough;
    }

    /**
     * Whether the response was cut off after it was committed (a stream failed midway); a real
     * client would see a broken connection rather than a complete response.
     */
    public boolean aborted() {
        return abortCause != null;
    }

    // ------------------------------------------------------------------ assertions

    /** Asserts the status code. */
    public MockResponse assertStatus(int expected) {
        if (status != expected) {
            throw Failures.failure("Expected status " + expected + " but was " + status, this, expected, status);
        }
        return this;
    }

    /** Asserts that the status code is not this one. */
    public MockResponse assertNotStatus(int unexpected) {
        if (status == unexpected) {
            throw Failures.failure("Expected any status but " + unexpected + ", and it was " + status, this,
                    null, null);
        }
        return this;
    }

    /** Asserts that one of the header's values equals the expected value exactly. */
    public MockResponse assertHeader(String name, String expected) {
        List<String> values = headers(name);
        if (!values.contains(expected)) {
            String actual = values.isEmpty() ? "there is no " + name + " header" : "it was " + quoted(values);
            throw Failures.failure("Expected header " + name + ": '" + expected + "' but " + actual, this,
                    expected, values.isEmpty() ? null : String.join("\n", values));
        }
        return this;
    }

    /** Asserts that none of the header's values equals this value (the header may be absent). */
    public MockResponse assertNotHeader(String name, String unexpected) {
        if (headers(name).contains(unexpected)) {
            throw Failures.failure("Expected header " + name + " not to be '" + unexpected + "', but it was",
                    this, null, null);
        }
        return this;
    }

    /** Asserts that the header is present, with any value. */
    public MockResponse assertHeaderExists(String name) {
        if (headers(name).isEmpty()) {
            throw Failures.failure("Expected a header named " + name + ", but there is none", this, null, null);
        }
        return this;
    }

    /** Asserts that the header is absent. */
    public MockResponse assertHeaderNotExists(String name) {
        List<String> values = headers(name);
        if (!values.isEmpty()) {
            throw Failures.failure("Expected no " + name + " header, but it was " + quoted(values), this, null, null);
        }
        return this;
    }

    /** Asserts that a {@code Set-Cookie} sets the cookie to exactly this value (the last one counts). */
    public MockResponse assertCookie(String name, String expectedValue) {
        MockCookie cookie = cookie(name);
        if (cookie == null) {
            throw Failures.failure("Expected cookie " + name + "='" + expectedValue + "' but no Set-Cookie sets "
                    + name + setCookieSummary(), this, null, null);
        }
        if (!cookie.value().equals(expectedValue)) {
            throw Failures.failure("Expected cookie " + name + "='" + expectedValue + "' but it was '" + cookie.value()
                    + "' (Set-Cookie: " + cookie.header() + ")", this, expectedValue, cookie.value());
        }
        return this;
    }

    /** Asserts that a {@code Set-Cookie} sets the cookie, with any value. */
    public MockResponse assertCookieExists(String name) {
        if (cookie(name) == null) {
            throw Failures.failure("Expected a cookie " + name + " but no Set-Cookie sets it" + setCookieSummary(),
                    this, null, null);
        }
        return this;
    }

    private String setCookieSummary() {
        List<String> names = new ArrayList<>();
        cookies().forEach(c -> names.add(c.name()));
        return names.isEmpty() ? " (no cookies were set)" : " (cookies set: " + String.join(", ", names) + ")";
    }

    /**
     * Asserts that the JSON body contains the expected JSON: every field the expected object lists
     * is present with a matching value, recursively; fields the expected object does not list are
     * ignored. Arrays must have the same length and match element by element (each element as a
     * subset); other values must be equal.
     */
    public MockResponse assertBodySubset(Object expected) {
        JsonNode want = toTree(expected);
        JsonNode actual = parseBody("Expected the body to contain " + JsonMatch.show(want));
        String mismatch = JsonMatch.subsetMismatch(want, actual);
        if (mismatch != null) {
            throw Failures.failure("Expected the body to contain " + JsonMatch.show(want)
                    + "\nFirst difference: " + mismatch, this, null, null);
        }
        return this;
    }

    /** Asserts that the JSON body does not contain the given JSON (see {@link #assertBodySubset}). */
    public MockResponse assertNotBodySubset(Object unexpected) {
        JsonNode unwanted = toTree(unexpected);
        JsonNode actual = parseBody("Expected the body not to contain " + JsonMatch.show(unwanted));
        if (JsonMatch.subsetMismatch(unwanted, actual) == null) {
            throw Failures.failure("Expected the body not to contain " + JsonMatch.show(unwanted) + ", but it does",
                    this, null, null);
        }
        return this;
    }

    /** Asserts that the JSON body equals the expected JSON: same fields, no others, same values. */
    public MockResponse assertBodyDeepEqual(Object expected) {
        JsonNode want = toTree(expected);
        JsonNode actual = parseBody("Expected the body to equal " + JsonMatch.show(want));
        String mismatch = JsonMatch.deepMismatch(want, actual);
        if (mismatch != null) {
            throw Failures.failure("Expected the body to equal " + JsonMatch.show(want)
                    + "\nFirst difference: " + mismatch, this, want.toPrettyString(), actual.toPrettyString());
        }
        return this;
    }

    /** Asserts that the JSON body differs from the given JSON. */
    public MockResponse assertNotBodyDeepEqual(Object unexpected) {
        JsonNode unwanted = toTree(unexpected);
        JsonNode actual = parseBody("Expected the body not to equal " + JsonMatch.show(unwanted));
        if (JsonMatch.deepMismatch(unwanted, actual) == null) {
            throw Failures.failure("Expected the body not to equal " + JsonMatch.show(unwanted) + ", but it does",
                    this, null, null);
        }
        return this;
    }

    /**
     * A check of your own: fails, naming the description, when the predicate is false or throws
     * (an {@code AssertionError} thrown inside, say by AssertJ, has its message kept).
     *
     * <pre>{@code res.assertThat("lists 3 users", r -> r.json().size() == 3);}</pre>
     */
    public MockResponse assertThat(String description, Predicate<MockResponse> check) {
        Objects.requireNonNull(check, "check");
        boolean ok;
        try {
            ok = check.test(this);
        } catch (AssertionError e) {
            AssertionError failure = Failures.failure("Expected the response to satisfy '" + description
                    + "', but: " + e.getMessage(), this, null, null);
            failure.initCause(e);
            throw failure;
        } catch (RuntimeException e) {
            AssertionError failure = Failures.failure("Expected the response to satisfy '" + description
                    + "', but checking it threw " + e, this, null, null);
            failure.initCause(e);
            throw failure;
        }
        if (!ok) {
            throw Failures.failure("Expected the response to satisfy '" + description + "', but it does not", this,
                    null, null);
        }
        return this;
    }

    // ------------------------------------------------------------------ helpers

    private JsonNode toTree(Object expected) {
        if (expected instanceof JsonNode node) {
            return node;
        }
        try {
            if (expected instanceof String s) {
                JsonNode parsed = mapper.readTree(s);
                if (parsed == null || parsed.isMissingNode()) {
                    throw new IllegalArgumentException("The expected body is an empty String; give JSON text, a Map"
                            + " or an object");
                }
                return parsed;
            }
            // Written as the application writes its responses, then read back: dates, enums,
            // byte[] and naming strategies all compare as they appear on the wire.
            return mapper.readTree(mapper.writeValueAsBytes(expected));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The expected body is not " + (expected instanceof String
                    ? "valid JSON text: " : "writable as JSON: ") + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode parseBody(String expectation) {
        if (json != null) {
            return json;
        }
        if (body.length == 0) {
            throw Failures.failure(expectation + ", but the body is empty", this, null, null);
        }
        try {
            JsonNode parsed = mapper.readTree(body);
            if (parsed == null || parsed.isMissingNode()) {
                throw Failures.failure(expectation + ", but the body is not JSON", this, null, null);
            }
            json = parsed;
            return parsed;
        } catch (JacksonException e) {
            throw Failures.failure(expectation + ", but the body is not JSON (" + e.getOriginalMessage() + ")",
                    this, null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The charset of the {@code Content-Type}; UTF-8 when none is named or it is unknown (the body is shown anyway). */
    private Charset charset() {
        MediaType type = MediaType.parse(header("Content-Type"));
        String name = type == null ? null : type.charsetName();
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (RuntimeException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    private static String quoted(List<String> values) {
        List<String> q = new ArrayList<>();
        values.forEach(v -> q.add("'" + v + "'"));
        return String.join(", ", q);
    }

    /** The response as a person reads it: status line, headers, body (cut at about 2 KB). */
    String describe() {
        StringBuilder sb = new StringBuilder("Actual response:\n");
        sb.append("HTTP/1.1 ").append(status).append(' ').append(HttpStatus.reasonPhrase(status)).append('\n');
        sb.append(headers).append('\n');
        if (body.length == 0) {
            sb.append("(empty body)");
        } else {
            String shown = printable();
            if (shown == null) {
                sb.append("(").append(body.length).append(" bytes of binary content)");
            } else if (shown.length() > BODY_SHOW_LIMIT) {
                sb.append(shown, 0, BODY_SHOW_LIMIT).append("\n... (body truncated: ").append(body.length)
                        .append(" bytes in all)");
            } else {
                sb.append(shown);
            }
        }
        if (passedThrough) {
            sb.append("\n(pass-through: no route matched, so the request was left to the next filter)");
        }
        if (abortCause != null) {
            sb.append("\n(response aborted after it was committed: ").append(abortCause).append(')');
        }
        return sb.toString();
    }

    /** The body as text, or {@code null} when it is not text in its charset. */
    private String printable() {
        try {
            String text = charset().newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                    return null;
                }
            }
            return text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
