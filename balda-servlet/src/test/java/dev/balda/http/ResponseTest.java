package dev.balda.http;

import static dev.balda.Exchanges.error;
import static dev.balda.Exchanges.get;
import static dev.balda.Exchanges.jsonMap;
import static dev.balda.Exchanges.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.balda.Balda;
import dev.balda.BaldaOptions;
import dev.balda.internal.MemoryExchange;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseTest {
    private Balda app = Balda.create();

    @TempDir
    Path dir;

    /** Runs one handler on GET /x and returns the exchange. */
    private MemoryExchange answer(dev.balda.http.Handler handler) {
        app.get("/x", handler);
        return get(app, "/x");
    }

    private static Arguments helper(String name, Function<Response, Response> call, int status) {
        return Arguments.of(name, call, status);
    }

    /** Every status helper of pipeline.md, with and without a body. */
    static Stream<Arguments> statusHelpers() {
        return Stream.of(
                helper("ok()", Response::ok, 200),
                helper("ok(body)", r -> r.ok("b"), 200),
                helper("created()", Response::created, 201),
                helper("created(body)", r -> r.created("b"), 201),
                helper("accepted()", Response::accepted, 202),
                helper("accepted(body)", r -> r.accepted("b"), 202),
                helper("noContent()", Response::noContent, 204),
                helper("partialContent(body)", r -> r.partialContent("b"), 206),
                helper("multipleChoices(url)", r -> r.multipleChoices("/to"), 300),
                helper("movedPermanently(url)", r -> r.movedPermanently("/to"), 301),
                helper("found(url)", r -> r.found("/to"), 302),
                helper("redirect(url)", r -> r.redirect("/to"), 302),
                helper("seeOther(url)", r -> r.seeOther("/to"), 303),
                helper("notModified()", Response::notModified, 304),
                helper("temporaryRedirect(url)", r -> r.temporaryRedirect("/to"), 307),
                helper("permanentRedirect(url)", r -> r.permanentRedirect("/to"), 308),
                helper("badRequest()", Response::badRequest, 400),
                helper("badRequest(body)", r -> r.badRequest("b"), 400),
                helper("unauthorized()", Response::unauthorized, 401),
                helper("unauthorized(body)", r -> r.unauthorized("b"), 401),
                helper("forbidden()", Response::forbidden, 403),
                helper("forbidden(body)", r -> r.forbidden("b"), 403),
                helper("notFound()", Response::notFound, 404),
                helper("notFound(body)", r -> r.notFound("b"), 404),
                helper("methodNotAllowed()", Response::methodNotAllowed, 405),
                helper("methodNotAllowed(body)", r -> r.methodNotAllowed("b"), 405),
                helper("notAcceptable()", Response::notAcceptable, 406),
                helper("notAcceptable(body)", r -> r.notAcceptable("b"), 406),
                helper("conflict()", Response::conflict, 409),
                helper("conflict(body)", r -> r.conflict("b"), 409),
                helper("gone()", Response::gone, 410),
                helper("gone(body)", r -> r.gone("b"), 410),
                helper("payloadTooLarge()", Response::payloadTooLarge, 413),
                helper("payloadTooLarge(body)", r -> r.payloadTooLarge("b"), 413),
                helper("unsupportedMediaType()", Response::unsupportedMediaType, 415),
                helper("unsupportedMediaType(body)", r -> r.unsupportedMediaType("b"), 415),
                helper("unprocessableEntity()", Response::unprocessableEntity, 422),
                helper("unprocessableEntity(body)", r -> r.unprocessableEntity("b"), 422),
                helper("tooManyRequests()", Response::tooManyRequests, 429),
                helper("tooManyRequests(body)", r -> r.tooManyRequests("b"), 429),
                helper("internalServerError()", Response::internalServerError, 500),
                helper("internalServerError(body)", r -> r.internalServerError("b"), 500),
                helper("notImplemented()", Response::notImplemented, 501),
                helper("notImplemented(body)", r -> r.notImplemented("b"), 501),
                helper("badGateway()", Response::badGateway, 502),
                helper("badGateway(body)", r -> r.badGateway("b"), 502),
                helper("serviceUnavailable()", Response::serviceUnavailable, 503),
                helper("serviceUnavailable(body)", r -> r.serviceUnavailable("b"), 503),
                helper("gatewayTimeout()", Response::gatewayTimeout, 504),
                helper("gatewayTimeout(body)", r -> r.gatewayTimeout("b"), 504),
                helper("httpVersionNotSupported()", Response::httpVersionNotSupported, 505),
                helper("httpVersionNotSupported(body)", r -> r.httpVersionNotSupported("b"), 505));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("statusHelpers")
    void everyStatusHelperSetsItsStatus(String name, Function<Response, Response> call, int status) {
        AtomicReference<Response> returned = new AtomicReference<>();
        MemoryExchange ex = answer((req, res) -> {
            returned.set(call.apply(res));
            assertThat(res.status()).isEqualTo(status);
            return null;
        });

        assertThat(ex.status()).isEqualTo(status);
        assertThat(returned.get()).isNotNull();
        if (name.endsWith("(body)")) {
            assertThat(ex.responseBodyText()).isEqualTo("b");
            assertThat(ex.responseHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        }
        if (name.endsWith("(url)")) {
            assertThat(ex.responseHeader("Location")).isEqualTo("/to");
            assertThat(ex.responseBodyBytes()).isEmpty();
        }
    }

    static Stream<Arguments> errorHelpersWithoutBody() {
        return statusHelpers().filter(a -> (int) a.get()[2] >= 400 && ((String) a.get()[0]).endsWith("()"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorHelpersWithoutBody")
    void errorHelpersWithoutBodySendTheStandardErrorBody(String name, Function<Response, Response> call, int status) {
        MemoryExchange ex = answer((req, res) -> call.apply(res));

        assertThat(ex.status()).isEqualTo(status);
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("application/json");
        assertThat(jsonMap(ex)).isEqualTo(error(HttpStatus.errorCode(status), HttpStatus.reasonPhrase(status)));
    }

    @Test
    void standardErrorBodyExamples() {
        assertThat(answer((req, res) -> res.tooManyRequests()).responseBodyText())
                .isEqualTo("{\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"Too Many Requests\"}");
    }

    @Test
    void successHelpersWithoutBodySendNothing() {
        MemoryExchange ex = answer((req, res) -> res.created());

        assertThat(ex.status()).isEqualTo(201);
        assertThat(ex.responseBodyBytes()).isEmpty();
        assertThat(ex.responseHeader("Content-Type")).isNull();
    }

    @Test
    void bodiesOfStatusHelpersAreSentAsWithSend() {
        MemoryExchange ex = answer((req, res) -> res.created(Map.of("id", 7)));

        assertThat(ex.status()).isEqualTo(201);
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("application/json");
        assertThat(ex.responseBodyText()).isEqualTo("{\"id\":7}");
    }

    @Test
    void noContentDropsAnEarlierBody() {
        MemoryExchange ex = answer((req, res) -> res.text("gone").noContent());

        assertThat(ex.status()).isEqualTo(204);
        assertThat(ex.responseBodyBytes()).isEmpty();
    }

    @Test
    void redirectWithAChosen3xx() {
        MemoryExchange ex = answer((req, res) -> res.redirect(303, "https://example.com/next?a=1"));

        assertThat(ex.status()).isEqualTo(303);
        assertThat(ex.responseHeader("Location")).isEqualTo("https://example.com/next?a=1");
    }

    @Test
    void redirectRefusesAStatusThatIsNot3xx() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        MemoryExchange ex = answer((req, res) -> {
            for (int status : new int[] {200, 299, 400, 500}) {
                try {
                    res.redirect(status, "/to");
                } catch (IllegalArgumentException e) {
                    thrown.set(e);
                }
            }
            return res.status() + " " + res.header("Location");
        });

        assertThat(thrown.get()).hasMessage("A redirect needs a 3xx status, not 500");
        assertThat(ex.responseBodyText()).isEqualTo("200 null");
    }

    @Test
    void statusOutOfRangeIsRefused() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        answer((req, res) -> {
            try {
                res.status(99);
            } catch (IllegalArgumentException e) {
                thrown.set(e);
            }
            return null;
        });

        assertThat(thrown.get()).hasMessage("HTTP status must be 100-599, not 99");
    }

    @Test
    void defaultIs200EmptyWithoutContentType() {
        MemoryExchange ex = answer((req, res) -> null);

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseBodyBytes()).isEmpty();
        assertThat(ex.responseHeader("Content-Type")).isNull();
        assertThat(ex.responseHeader("Content-Length")).isEqualTo("0");
    }

    static Stream<Arguments> bodies() {
        Function<Response, Response> json = r -> r.json(Map.of("a", List.of(1, 2)));
        Function<Response, Response> text = r -> r.text("héllo");
        Function<Response, Response> html = r -> r.html("<p>hi</p>");
        Function<Response, Response> xml = r -> r.xml("<a/>");
        Function<Response, Response> sendString = r -> r.send("plain");
        Function<Response, Response> sendBytes = r -> r.send(new byte[] {1, 2, 3});
        Function<Response, Response> sendObject = r -> r.send(Map.of("k", "v"));
        Function<Response, Response> sendList = r -> r.send(List.of("x"));
        Function<Response, Response> sendNull = r -> r.send(null);
        Function<Response, Response> presetThenSend = r -> r.contentType("application/vnd.api+json").send(Map.of("k", 1));
        Function<Response, Response> presetThenString = r -> r.contentType("text/csv").send("a,b");
        Function<Response, Response> jsonNull = r -> r.json(null);
        Function<Response, Response> textNull = r -> r.text(null);
        return Stream.of(
                Arguments.of("json", json, "application/json", "{\"a\":[1,2]}"),
                Arguments.of("text", text, "text/plain; charset=utf-8", "héllo"),
                Arguments.of("html", html, "text/html; charset=utf-8", "<p>hi</p>"),
                Arguments.of("xml", xml, "application/xml; charset=utf-8", "<a/>"),
                Arguments.of("send(String)", sendString, "text/plain; charset=utf-8", "plain"),
                Arguments.of("send(byte[])", sendBytes, "application/octet-stream", "\u0001\u0002\u0003"),
                Arguments.of("send(Map)", sendObject, "application/json", "{\"k\":\"v\"}"),
                Arguments.of("send(List)", sendList, "application/json", "[\"x\"]"),
                Arguments.of("send(null)", sendNull, null, ""),
                Arguments.of("preset type + send(Map)", presetThenSend, "application/vnd.api+json", "{\"k\":1}"),
                Arguments.of("preset type + send(String)", presetThenString, "text/csv", "a,b"),
                Arguments.of("json(null)", jsonNull, "application/json", "null"),
                Arguments.of("text(null)", textNull, "text/plain; charset=utf-8", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void bodyHelpersChooseTheContentType(String name, Function<Response, Response> call, String type, String body) {
        MemoryExchange ex = answer((req, res) -> call.apply(res));

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeaders("Content-Type")).containsExactlyElementsOf(type == null ? List.of() : List.of(type));
        assertThat(ex.responseBodyText()).isEqualTo(body);
        assertThat(ex.responseHeader("Content-Length"))
                .isEqualTo(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void aLaterBodyReplacesTheEarlierOneAndItsDefaultType() {
        MemoryExchange ex = answer((req, res) -> res.text("first").json(Map.of("second", true)));

        assertThat(ex.responseHeaders("Content-Type")).containsExactly("application/json");
        assertThat(ex.responseBodyText()).isEqualTo("{\"second\":true}");
    }

    @Test
    void theApplicationsObjectMapperWritesJson() {
        app = Balda.create(o -> o.objectMapper(BaldaOptions.defaultObjectMapper().copy()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)));
        record Person(String firstName, LocalDate bornOn) {
        }

        MemoryExchange ex = answer((req, res) -> new Person("Ada", LocalDate.of(1815, 12, 10)));

        assertThat(ex.responseBodyText()).isEqualTo("{\"first_name\":\"Ada\",\"born_on\":\"1815-12-10\"}");
    }

    @Test
    void aValueJacksonCannotWriteIsA500() {
        MemoryExchange ex = answer((req, res) -> res.json(new Object()));

        assertThat(ex.status()).isEqualTo(500);
        assertThat(jsonMap(ex)).isEqualTo(error("INTERNAL_SERVER_ERROR", "Internal Server Error"));
    }

    @Test
    void headersAreSetAddedAndRemoved() {
        MemoryExchange ex = answer((req, res) -> {
            res.header("X-One", "a").header("x-one", "b");
            res.addHeader("Vary", "Accept").addHeader("Vary", "Origin");
            res.header("X-Gone", "1").removeHeader("x-gone");
            assertThat(res.header("X-ONE")).isEqualTo("b");
            assertThat(res.headers("vary")).containsExactly("Accept", "Origin");
            assertThat(res.headerNames()).containsExactly("x-one", "Vary");
            return null;
        });

        assertThat(ex.responseHeaders("X-One")).containsExactly("b");
        assertThat(ex.responseHeaders("Vary")).containsExactly("Accept", "Origin");
        assertThat(ex.responseHeader("X-Gone")).isNull();
    }

    @Test
    void headerWithCrOrLfIsRefused() {
        List<Throwable> thrown = new ArrayList<>();
        MemoryExchange ex = answer((req, res) -> {
            for (String[] h : new String[][] {
                {"X-Evil", "a\r\nSet-Cookie: x=1"}, {"X-Evil", "a\nb"}, {"X-Evil", "a\rb"},
                {"X-Evil\r\nX-Other", "v"}, {"X Evil", "v"}, {"", "v"}, {"X-Evil", "\u0000"}}) {
                try {
                    res.header(h[0], h[1]);
                } catch (IllegalArgumentException e) {
                    thrown.add(e);
                }
                try {
                    res.addHeader(h[0], h[1]);
                } catch (IllegalArgumentException e) {
                    thrown.add(e);
                }
            }
            return "safe";
        });

        assertThat(thrown).hasSize(14);
        assertThat(thrown.get(0)).hasMessage(
                "Header 'X-Evil' has a CR or LF in its value (position 1); that would split the message, so it is refused");
        assertThat(ex.responseBodyText()).isEqualTo("safe");
        assertThat(ex.responseHeaders().names()).doesNotContain("X-Evil", "Set-Cookie");
    }

    @Test
    void aTabInAHeaderValueIsFine() {
        assertThat(answer((req, res) -> res.header("X-Tab", "a\tb")).responseHeader("X-Tab")).isEqualTo("a\tb");
    }

    @Test
    void aHeaderInjectionFromAHandlerBecomesA500WithoutTheHeader() {
        MemoryExchange ex = answer((req, res) -> res.header("X-Name", "ok").header("Location", "/a\r\nX-Injected: 1"));

        assertThat(ex.status()).isEqualTo(500);
        assertThat(jsonMap(ex)).isEqualTo(error("INTERNAL_SERVER_ERROR", "Internal Server Error"));
        assertThat(ex.responseHeader("Location")).isNull();
        assertThat(ex.responseHeader("X-Injected")).isNull();
        ex.responseHeaders().forEach((name, value) -> assertThat(value).doesNotContain("\r", "\n"));
    }

    @Test
    void severalCookiesStaySeparateSetCookieValues() {
        MemoryExchange ex = answer((req, res) -> res
                .cookie("a", "1")
                .cookie(Cookie.builder("b", "2").path("/b").httpOnly(false).build())
                .clearCookie("c"));

        assertThat(ex.responseHeaders("Set-Cookie")).containsExactly(
                "a=1; Path=/; Secure; HttpOnly; SameSite=Lax",
                "b=2; Path=/b; Secure; SameSite=Lax",
                "c=; Path=/; Expires=Thu, 1 Jan 1970 00:00:00 GMT; Max-Age=0; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void cookiesSurviveAnErrorAnswer() {
        MemoryExchange ex = answer((req, res) -> {
            res.cookie("seen", "1");
            throw new IllegalStateException("boom");
        });

        assertThat(ex.status()).isEqualTo(500);
        assertThat(ex.responseHeaders("Set-Cookie")).containsExactly("seen=1; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void fileIsSentWithTypeFromTheExtensionAndItsLength() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hello file, ünïcode");
        long size = Files.size(file);

        MemoryExchange ex = answer((req, res) -> {
            res.file(file);
            assertThat(res.body()).isNull(); // not read into memory
            return res;
        });

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(ex.responseHeader("Content-Length")).isEqualTo(String.valueOf(size));
        assertThat(ex.responseBodyText()).isEqualTo("hello file, ünïcode");
    }

    @Test
    void fileContentTypes() throws Exception {
        Path json = Files.writeString(dir.resolve("DATA.JSON"), "{}");
        Path blob = Files.write(dir.resolve("blob.unknownext"), new byte[] {0, 1});
        Path noExtension = Files.write(dir.resolve("README"), new byte[] {1});
        Path png = Files.write(dir.resolve("logo.png"), new byte[] {1});
        app.get("/f/:name", (req, res) -> res.file(dir.resolve(req.param("name"))));
        app.get("/typed", (req, res) -> res.contentType("application/x-custom").file(blob));

        assertThat(get(app, "/f/DATA.JSON").responseHeader("Content-Type")).isEqualTo("application/json");
        assertThat(get(app, "/f/blob.unknownext").responseHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(get(app, "/f/README").responseHeader("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(get(app, "/f/logo.png").responseHeader("Content-Type")).isEqualTo("image/png");
        assertThat(get(app, "/typed").responseHeaders("Content-Type")).containsExactly("application/x-custom");
        assertThat(json).exists();
        assertThat(noExtension).exists();
        assertThat(png).exists();
    }

    @Test
    void headOfAFileSendsTheLengthWithoutBody() throws Exception {
        Path file = Files.writeString(dir.resolve("a.html"), "<h1>hi</h1>");
        app.get("/page", (req, res) -> res.file(file));

        MemoryExchange ex = run(app, "HEAD", "/page");

        assertThat(ex.responseHeader("Content-Length")).isEqualTo("11");
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(ex.responseBodyBytes()).isEmpty();
    }

    @Test
    void aMissingFileIs404() {
        MemoryExchange ex = answer((req, res) -> res.file(dir.resolve("missing.txt")));

        assertThat(ex.status()).isEqualTo(404);
        assertThat(jsonMap(ex)).isEqualTo(error("NOT_FOUND", "File not found"));
    }

    @Test
    void aDirectoryIsNotAFile() {
        MemoryExchange ex = answer((req, res) -> res.file(dir));

        assertThat(ex.status()).isEqualTo(404);
    }

    @Test
    void aFileThatVanishesBeforeItIsSentIs404() throws Exception {
        Path file = Files.writeString(dir.resolve("temp.txt"), "soon gone");
        app.use((req, res, next) -> {
            next.run();
            Files.delete(file);
        });

        MemoryExchange ex = answer((req, res) -> res.file(file));

        assertThat(ex.status()).isEqualTo(404);
        assertThat(jsonMap(ex)).isEqualTo(error("NOT_FOUND", "File not found"));
        assertThat(ex.responseHeaders("Content-Type")).containsExactly("application/json");
    }

    @Test
    void downloadAddsContentDispositionWithBothFilenames() throws Exception {
        Path file = Files.writeString(dir.resolve("report-1.pdf"), "%PDF");

        MemoryExchange ex = answer((req, res) -> res.download(file, "résumé \"2024\".pdf"));

        assertThat(ex.responseHeader("Content-Disposition")).isEqualTo(
                "attachment; filename=\"r_sum_ _2024_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%222024%22.pdf");
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("application/pdf");
        assertThat(ex.responseBodyText()).isEqualTo("%PDF");
    }

    @Test
    void downloadUsesTheFilesOwnName() throws Exception {
        Path file = Files.writeString(dir.resolve("data.csv"), "a,b");

        MemoryExchange ex = answer((req, res) -> res.download(file));

        assertThat(ex.responseHeader("Content-Disposition"))
                .isEqualTo("attachment; filename=\"data.csv\"; filename*=UTF-8''data.csv");
        assertThat(ex.responseHeader("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    }

    @Test
    void aDownloadFilenameCannotSplitTheHeader() throws Exception {
        Path file = Files.writeString(dir.resolve("x.txt"), "x");

        MemoryExchange ex = answer((req, res) -> res.download(file, "a\r\nSet-Cookie: x=1.txt"));

        assertThat(ex.status()).isEqualTo(200);
        assertThat(ex.responseHeader("Set-Cookie")).isNull();
        assertThat(ex.responseHeader("Content-Disposition")).startsWith("attachment; filename=\"a__Set-Cookie: x=1.txt\"");
    }

    @Test
    void streamCommitsAtOnce() throws Exception {
        MemoryExchange ex = MemoryExchange.request("GET", "/csv").build();
        AtomicReference<String> seenInHandler = new AtomicReference<>();
        app.use((req, res, next) -> {
            next.run();
            res.status(418).header("X-Late", "1"); // too late: ignored
        });
        app.get("/csv", (req, res) -> {
            res.status(201).header("X-Early", "1");
            OutputStream out = res.stream("text/csv");
            out.write("a,b\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            seenInHandler.set(ex.status() + " " + ex.responseHeader("Content-Type") + " " + res.committed() + " "
                    + ex.responseBodyText().trim());
            res.status(500).header("X-After-Commit", "1");
            out.write("c,d\n".getBytes(StandardCharsets.UTF_8));
            return null;
        });

        run(app, ex);

        assertThat(seenInHandler.get()).isEqualTo("201 text/csv true a,b");
        assertThat(ex.status()).isEqualTo(201);
        assertThat(ex.responseHeader("X-Early")).isEqualTo("1");
        assertThat(ex.responseHeader("X-After-Commit")).isNull();
        assertThat(ex.responseHeader("X-Late")).isNull();
        assertThat(ex.responseHeader("Content-Length")).isNull();
        assertThat(ex.responseBodyText()).isEqualTo("a,b\nc,d\n");
        assertThat(ex.abortCause()).isNull();
    }

    @Test
    void aContentLengthSetByTheHandlerIsReplacedByTheRealOne() {
        MemoryExchange ex = answer((req, res) -> res.header("Content-Length", "999").text("four"));

        assertThat(ex.responseHeaders("Content-Length")).containsExactly("4");
    }

    @Test
    void aContentLengthSetForAStreamIsKept() throws Exception {
        MemoryExchange ex = answer((req, res) -> {
            res.header("Content-Length", "3");
            res.stream("application/octet-stream").write(new byte[] {1, 2, 3});
            return null;
        });

        assertThat(ex.responseHeaders("Content-Length")).containsExactly("3");
        assertThat(ex.responseBodyBytes()).containsExactly(1, 2, 3);
    }

    @Test
    void aStreamCanBeStartedOnlyOnce() {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        answer((req, res) -> {
            res.stream(null);
            try {
                res.stream("text/plain");
            } catch (IllegalStateException e) {
                thrown.set(e);
            }
            return null;
        });

        assertThat(thrown.get()).hasMessage("The response was already committed; a stream can be started only once");
    }

    @Test
    void servletResponseIsUnavailableInMemory() {
        AtomicReference<Response> seen = new AtomicReference<>();
        answer((req, res) -> {
            seen.set(res);
            return null;
        });

        assertThatIllegalStateException().isThrownBy(() -> seen.get().servletResponse())
                .withMessageContaining("there is no HttpServletResponse");
    }
}
