package dev.balda.http;

import static dev.balda.Exchanges.error;
import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.json;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.balda.Balda;
import dev.balda.RouteOptions;
import dev.balda.internal.MemoryExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ErrorHandlingTest {
    private Balda app = Balda.create();

    private MemoryExchange answer(dev.balda.http.Handler handler) {
        app.get("/x", handler);
        return get(app, "/x");
    }

    @Test
    void anHttpExceptionBecomesItsStatusAndErrorBody() {
        MemoryExchange ex = answer((req, res) -> {
            throw new HttpException(409, "EMAIL_TAKEN", "That email is registered");
        });

        assertThat(ex.status()).isEqualTo(409);
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("application/json");
        assertThat(ex.responseBodyText()).isEqualTo("{\"code\":\"EMAIL_TAKEN\",\"message\":\"That email is registered\"}");
    }

    record FieldError(String field, String problem) {
    }

    @Test
    void detailsFollowCodeAndMessageButCannotReplaceThem() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("errors", List.of(new FieldError("age", "must be positive")));
        details.put("code", "SHADOWED");
        MemoryExchange ex = answer((req, res) -> {
            throw new HttpException(422, "VALIDATION_FAILED", "Invalid input", details, null);
        });

        assertThat(ex.status()).isEqualTo(422);
        assertThat(ex.responseBodyText()).isEqualTo("{\"code\":\"VALIDATION_FAILED\",\"message\":\"Invalid input\","
                + "\"errors\":[{\"field\":\"age\",\"problem\":\"must be positive\"}]}");
    }

    static Stream<Arguments> factories() {
        return Stream.of(
                Arguments.of((Function<String, HttpException>) HttpException::badRequest, 400, "BAD_REQUEST"),
                Arguments.of((Function<String, HttpException>) HttpException::unauthorized, 401, "UNAUTHORIZED"),
                Arguments.of((Function<String, HttpException>) HttpException::forbidden, 403, "FORBIDDEN"),
                Arguments.of((Function<String, HttpException>) HttpException::notFound, 404, "NOT_FOUND"),
                Arguments.of((Function<String, HttpException>) HttpException::conflict, 409, "CONFLICT"),
                Arguments.of((Function<String, HttpException>) HttpException::gone, 410, "GONE"),
                Arguments.of((Function<String, HttpException>) HttpException::payloadTooLarge, 413, "PAYLOAD_TOO_LARGE"),
                Arguments.of((Function<String, HttpException>) HttpException::unsupportedMediaType, 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                Arguments.of((Function<String, HttpException>) HttpException::unprocessableEntity, 422,
                        "UNPROCESSABLE_ENTITY"),
                Arguments.of((Function<String, HttpException>) HttpException::tooManyRequests, 429, "TOO_MANY_REQUESTS"),
                Arguments.of((Function<String, HttpException>) HttpException::internalServerError, 500,
                        "INTERNAL_SERVER_ERROR"),
                Arguments.of((Function<String, HttpException>) HttpException::notImplemented, 501, "NOT_IMPLEMENTED"),
                Arguments.of((Function<String, HttpException>) HttpException::serviceUnavailable, 503,
                        "SERVICE_UNAVAILABLE"),
                Arguments.of((Function<String, HttpException>) m -> HttpException.of(418, m), 418, "IM_A_TEAPOT"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("factories")
    void factoriesCarryTheStandardCode(Function<String, HttpException> factory, int status, String code) {
        MemoryExchange ex = answer((req, res) -> {
            throw factory.apply("custom message");
        });

        assertThat(ex.status()).isEqualTo(status);
        assertThat(jsonMap(ex)).isEqualTo(error(code, "custom message"));
    }

    @Test
    void anHttpExceptionNeedsAnErrorStatus() {
        assertThatIllegalArgumentException().isThrownBy(() -> HttpException.of(302, "x"))
                .withMessage("HttpException status must be 400-599, not 302");
        assertThatIllegalArgumentException().isThrownBy(() -> new HttpException(600, "X", "x"))
                .withMessage("HttpException status must be 400-599, not 600");
    }

    @Test
    void anyOtherExceptionIsAPlain500WithoutStack() {
        MemoryExchange ex = answer((req, res) -> {
            throw new IllegalStateException("secret database password in message");
        });

        assertThat(ex.status()).isEqualTo(500);
        assertThat(ex.responseBodyText())
                .isEqualTo("{\"code\":\"INTERNAL_SERVER_ERROR\",\"message\":\"Internal Server Error\"}");
    }

    @Test
    void aCheckedExceptionIsA500Too() {
        MemoryExchange ex = answer((req, res) -> {
            throw new IOException("disk");
        });

        assertThat(jsonMap(ex)).isEqualTo(error("INTERNAL_SERVER_ERROR", "Internal Server Error"));
    }

    @Test
    void aStackOverflowIsA500() {
        MemoryExchange ex = answer((req, res) -> {
            throw new StackOverflowError();
        });

        assertThat(ex.status()).isEqualTo(500);
    }

    @Test
    void otherVirtualMachineErrorsAreNotSwallowed() {
        app.get("/x", (req, res) -> {
            throw new OutOfMemoryError("simulated");
        });

        assertThatThrownBy(() -> app.handle(MemoryExchange.request("GET", "/x").build()))
                .isInstanceOf(OutOfMemoryError.class).hasMessage("simulated");
    }

    @Test
    void developmentModeAddsTheExceptionAndItsStack() {
        app = Balda.create(o -> o.developmentMode(true));

        MemoryExchange ex = answer((req, res) -> {
            throw new IllegalStateException("what went wrong");
        });

        JsonNode body = json(ex);
        assertThat(ex.status()).isEqualTo(500);
        assertThat(body.get("code").asText()).isEqualTo("INTERNAL_SERVER_ERROR");
        assertThat(body.get("message").asText()).isEqualTo("Internal Server Error");
        assertThat(body.get("error").asText()).isEqualTo("java.lang.IllegalStateException: what went wrong");
        assertThat(body.get("stack").isArray()).isTrue();
        assertThat(body.get("stack").get(0).asText()).contains(ErrorHandlingTest.class.getName());
    }

    @Test
    void developmentModeDoesNotChangeHttpExceptionBodies() {
        app = Balda.create(o -> o.developmentMode(true));

        MemoryExchange ex = answer((req, res) -> {
            throw HttpException.notFound("No user 42");
        });

        assertThat(jsonMap(ex)).isEqualTo(error("NOT_FOUND", "No user 42"));
    }

    @Test
    void theErrorAnswerReplacesBodyAndContentHeadersButKeepsOthers() {
        app.use((req, res, next) -> {
            res.header("Access-Control-Allow-Origin", "*");
            next.run();
        });

        MemoryExchange ex = answer((req, res) -> {
            res.status(201).header("Content-Language", "de").html("<p>half done</p>");
            throw new IllegalStateException("boom");
        });

        assertThat(ex.status()).isEqualTo(500);
        assertThat(ex.responseHeader("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(ex.responseHeader("Content-Language")).isNull();
        assertThat(ex.responseHeaders("Content-Type")).containsExactly("application/json");
        assertThat(jsonMap(ex)).isEqualTo(error("INTERNAL_SERVER_ERROR", "Internal Server Error"));
    }

    @Test
    void aCustomErrorHandlerDecidesTheResponse() {
        List<String> seen = new ArrayList<>();
        app.errorHandler((req, res, error) -> {
            seen.add(req.method() + " " + req.path() + " " + error.getMessage() + " status=" + res.status()
                    + " body=" + res.body());
            res.status(503).header("Retry-After", "30").text("try later");
        });

        MemoryExchange ex = answer((req, res) -> {
            res.text("partial");
            throw new IllegalStateException("overloaded");
        });

        assertThat(ex.status()).isEqualTo(503);
        assertThat(ex.responseHeader("Retry-After")).isEqualTo("30");
        assertThat(ex.responseBodyText()).isEqualTo("try later");
        assertThat(seen).containsExactly("GET /x overloaded status=500 body=null");
    }

    @Test
    void theErrorHandlerSeesHttpExceptionsToo() {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        app.errorHandler((req, res, error) -> {
            seen.set(error);
            HttpException http = (HttpException) error;
            res.status(http.status()).json(Map.of("error", http.code(), "detail", http.getMessage()));
        });

        MemoryExchange ex = answer((req, res) -> {
            throw HttpException.forbidden("Admins only");
        });

        assertThat(seen.get()).isInstanceOf(HttpException.class);
        assertThat(ex.status()).isEqualTo(403);
        assertThat(jsonMap(ex)).isEqualTo(Map.of("error", "FORBIDDEN", "detail", "Admins only"));
    }

    @Test
    void theErrorHandlerSeesPipelineErrorsSuchAsABadPath() {
        app.errorHandler((req, res, error) -> res.status(((HttpException) error).status()).text("custom 400"));
        app.get("/users/:id", (req, res) -> req.param("id"));

        MemoryExchange ex = get(app, "/users/%zz");

        assertThat(ex.status()).isEqualTo(400);
        assertThat(ex.responseBodyText()).isEqualTo("custom 400");
    }

    @Test
    void anErrorHandlerThatThrowsFallsBackToTheDefault500() {
        app.errorHandler((req, res, error) -> {
            res.text("half an answer").header("X-From-Handler", "1");
            throw new IllegalStateException("the error handler is broken");
        });

        MemoryExchange ex = answer((req, res) -> {
            throw HttpException.notFound("nothing");
        });

        assertThat(ex.status()).isEqualTo(500);
        assertThat(ex.responseHeaders("Content-Type")).containsExactly("application/json");
        assertThat(jsonMap(ex)).isEqualTo(error("INTERNAL_SERVER_ERROR", "Internal Server Error"));
    }

    @Test
    void anErrorHandlerThatSetsNothingLeavesA500() {
        app.errorHandler((req, res, error) -> { });

        MemoryExchange ex = answer((req, res) -> {
            throw new IllegalStateException("x");
        });

        assertThat(ex.status()).isEqualTo(500);
        assertThat(ex.responseBodyBytes()).isEmpty();
    }

    @Test
    void aFailureAfterAStreamStartedAbortsInsteadOfWritingAnError() {
        AtomicInteger errorHandlerCalls = new AtomicInteger();
        app.errorHandler((req, res, error) -> errorHandlerCalls.incrementAndGet());
        app.use((req, res, next) -> {
            next.run();
            res.header("X-Never", "1");
        });
        app.get("/export", (req, res) -> {
            OutputStream out = res.stream("text/csv");
            out.write("id,name\n1,Ada\n".getBytes(StandardCharsets.UTF_8));
            throw new IllegalStateException("database went away mid-export");
        });

        MemoryExchange ex = get(app, "/export");

        assertThat(ex.abortCause()).isInstanceOf(IllegalStateException.class)
                .hasMessage("database went away mid-export");
        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyText()).isEqualTo("id,name\n1,Ada\n");
        assertThat(ex.responseHeader("X-Never")).isNull();
        assertThat(errorHandlerCalls).hasValue(0);
    }

    @Test
    void aNormalErrorDoesNotAbort() {
        MemoryExchange ex = answer((req, res) -> {
            throw new IllegalStateException("x");
        });

        assertThat(ex.abortCause()).isNull();
    }

    @Test
    void theNotFoundHandlerAnswersMisses() {
        List<String> middleware = new ArrayList<>();
        app.use((req, res, next) -> {
            middleware.add("global");
            next.run();
        });
        app.notFoundHandler((req, res) -> Map.of("missing", req.path()));
        app.get("/x", (req, res) -> "x");

        MemoryExchange ex = get(app, "/nope/here");

        assertThat(ex.status()).isEqualTo(404);
        assertThat(jsonMap(ex)).isEqualTo(Map.of("missing", "/nope/here"));
        assertThat(middleware).containsExactly("global");
    }

    @Test
    void theNotFoundHandlerMayChooseAnotherStatus() {
        app.notFoundHandler((req, res) -> res.redirect("/"));

        MemoryExchange ex = get(app, "/old");

        assertThat(ex.status()).isEqualTo(302);
        assertThat(ex.responseHeader("Location")).isEqualTo("/");
    }

    @Test
    void theNotFoundHandlerIsNotUsedFor405() {
        app.notFoundHandler((req, res) -> "custom");
        app.get("/x", (req, res) -> "x");

        MemoryExchange ex = run(app, "POST", "/x");

        assertThat(ex.status()).isEqualTo(405);
        assertThat(jsonMap(ex)).containsEntry("code", "METHOD_NOT_ALLOWED");
    }

    @Test
    void aFailingNotFoundHandlerIsA500() {
        app.notFoundHandler((req, res) -> {
            throw new IllegalStateException("broken");
        });

        assertThat(get(app, "/nope").status()).isEqualTo(500);
    }

    @Test
    void handlerReturnValuesAreSentAsWithSend() {
        app.get("/string", (req, res) -> "text");
        app.get("/map", (req, res) -> Map.of("a", 1));
        app.get("/bytes", (req, res) -> new byte[] {65, 66});
        app.get("/null", (req, res) -> null);
        app.get("/response", (req, res) -> res.status(202).text("explicit"));
        app.get("/number", (req, res) -> 42);

        MemoryExchange string = get(app, "/string");
        MemoryExchange map = get(app, "/map");
        MemoryExchange bytes = get(app, "/bytes");
        MemoryExchange empty = get(app, "/null");
        MemoryExchange response = get(app, "/response");

        assertThat(string.responseHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(string.responseBodyText()).isEqualTo("text");
        assertThat(map.responseHeader("Content-Type")).isEqualTo("application/json");
        assertThat(map.responseBodyText()).isEqualTo("{\"a\":1}");
        assertThat(bytes.responseHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(bytes.responseBodyText()).isEqualTo("AB");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.responseBodyBytes()).isEmpty();
        assertThat(empty.responseHeader("Content-Type")).isNull();
        assertThat(response.status()).isEqualTo(202);
        assertThat(response.responseBodyText()).isEqualTo("explicit");
        assertThat(get(app, "/number").responseBodyText()).isEqualTo("42");
    }

    @Test
    void aReturnValueReplacesABodySetEarlier() {
        MemoryExchange ex = answer((req, res) -> {
            res.text("set");
            return Map.of("returned", true);
        });

        assertThat(ex.responseBodyText()).isEqualTo("{\"returned\":true}");
    }

    @Test
    void registeringAfterStartIsRefusedWithAClearMessage() {
        app.get("/x", (req, res) -> "x");
        get(app, "/x");

        assertThat(app.started()).isTrue();
        assertThatIllegalStateException().isThrownBy(() -> app.get("/late", (req, res) -> "late"))
                .withMessage("Cannot register GET /late: the application has started serving;"
                        + " register everything before the filter starts");
        assertThatIllegalStateException().isThrownBy(() -> app.use((req, res, next) -> next.run()))
                .withMessageStartingWith("Cannot add middleware: the application has started serving");
        assertThatIllegalStateException().isThrownBy(() -> app.group("/g", g -> g.post("/y", (req, res) -> "y")))
                .withMessageStartingWith("Cannot register POST /g/y: the application has started serving");
        assertThatIllegalStateException().isThrownBy(() -> app.errorHandler((req, res, e) -> { }))
                .withMessageStartingWith("Cannot set the error handler:");
        assertThatIllegalStateException().isThrownBy(() -> app.notFoundHandler((req, res) -> null))
                .withMessageStartingWith("Cannot set the not-found handler:");
        assertThatIllegalStateException()
                .isThrownBy(() -> app.upgrade("websocket", "/ws", RouteOptions.none(), (req, res) -> null))
                .withMessageStartingWith("Cannot add the websocket route /ws:");
        assertThat(app.routes()).containsExactly("GET /x");
        assertThat(get(app, "/late").status()).isEqualTo(404);
    }

    @Test
    void startIsIdempotentAndFreezesRegistration() {
        assertThat(app.started()).isFalse();

        app.start().start();

        assertThat(app.started()).isTrue();
        assertThatIllegalStateException().isThrownBy(() -> app.all("/x", (req, res) -> null));
    }

    @Test
    void aRequestIdIsAvailableToTheErrorHandler() {
        AtomicReference<Request> seen = new AtomicReference<>();
        app.errorHandler((req, res, error) -> {
            seen.set(req);
            res.status(500).json(Map.of("requestId", req.id()));
        });

        MemoryExchange ex = answer((req, res) -> {
            throw new IllegalStateException("x");
        });

        assertThat(jsonMap(ex)).containsEntry("requestId", seen.get().id());
    }
}
