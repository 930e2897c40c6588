package dev.balda.testkit.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.balda.Balda;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Each assertion of {@link MockResponse} passes when it should, and fails when it should with a
 * message that names the expectation and shows the actual response.
 */
class MockResponseAssertionsTest {

    record Address(String city, String zip) {
    }

    record UserView(String name, Address address) {
    }

    private static final MockServer SERVER = MockServer.of(app());

    private static Balda app() {
        Balda app = Balda.create();
        app.get("/user", (req, res) -> {
            Map<String, Object> user = new LinkedHashMap<>();
            user.put("id", 7);
            user.put("name", "Ann");
            user.put("roles", List.of("admin", "dev"));
            user.put("address", Map.of("city", "Oslo", "zip", "0150"));
            res.header("X-Version", "2");
            res.cookie("session", "abc");
            return user;
        });
        app.get("/text", (req, res) -> "plain text body");
        app.get("/big", (req, res) -> "x".repeat(5000) + "THE-END");
        app.get("/empty", (req, res) -> res.noContent());
        return app;
    }

    private static MockResponse user() {
        return SERVER.get("/user").send();
    }

    // ------------------------------------------------------------------ passing

    @Test
    void assertionsThatHoldChainAndReturnTheResponse() {
        MockResponse res = user();

        MockResponse chained = res.assertStatus(200)
                .assertNotStatus(404)
                .assertHeader("x-version", "2")
                .assertNotHeader("X-Version", "3")
                .assertNotHeader("X-Absent", "1")
                .assertHeaderExists("Content-Type")
                .assertHeaderNotExists("X-Absent")
                .assertCookie("session", "abc")
                .assertCookieExists("session")
                .assertBodySubset(Map.of("name", "Ann"))
                .assertBodySubset(new UserView("Ann", new Address("Oslo", "0150")))
                .assertBodySubset("{\"roles\":[\"admin\",\"dev\"],\"id\":7.0}")
                .assertBodyDeepEqual("{\"name\":\"Ann\",\"id\":7,\"address\":{\"zip\":\"0150\",\"city\":\"Oslo\"},"
                        + "\"roles\":[\"admin\",\"dev\"]}")
                .assertNotBodySubset(Map.of("name", "Bob"))
                .assertNotBodySubset(Map.of("missing", true))
                .assertNotBodyDeepEqual(Map.of("name", "Ann"))
                .assertThat("has two roles", r -> r.json().get("roles").size() == 2);

        assertThat(chained).isSameAs(res);
    }

    // ------------------------------------------------------------------ status

    @Test
    void assertStatusFailsShowingTheActualResponse() {
        assertThatThrownBy(() -> user().assertStatus(201))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected status 201 but was 200")
                .hasMessageContaining("HTTP/1.1 200 OK")
                .hasMessageContaining("X-Version: 2")
                .hasMessageContaining("\"name\":\"Ann\"");
    }

    @Test
    void assertStatusCarriesExpectedAndActualForIdeDiffs() {
        assertThatThrownBy(() -> user().assertStatus(201))
                .isInstanceOfSatisfying(AssertionFailedError.class, e -> {
                    assertThat(e.getExpected().getValue()).isEqualTo(201);
                    assertThat(e.getActual().getValue()).isEqualTo(200);
                });
    }

    @Test
    void assertNotStatusFails() {
        assertThatThrownBy(() -> SERVER.get("/text").send().assertNotStatus(200))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected any status but 200")
                .hasMessageContaining("plain text body");
    }

    // ------------------------------------------------------------------ headers

    @Test
    void assertHeaderFailsOnAnotherValue() {
        assertThatThrownBy(() -> user().assertHeader("X-Version", "3"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected header X-Version: '3'")
                .hasMessageContaining("it was '2'")
                .hasMessageContaining("\"roles\":[\"admin\",\"dev\"]");
    }

    @Test
    void assertHeaderFailsOnAMissingHeader() {
        assertThatThrownBy(() -> user().assertHeader("X-Trace", "abc"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected header X-Trace: 'abc'")
                .hasMessageContaining("there is no X-Trace header")
                .hasMessageContaining("Content-Type: application/json");
    }

    @Test
    void assertNotHeaderFails() {
        assertThatThrownBy(() -> user().assertNotHeader("X-Version", "2"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected header X-Version not to be '2'")
                .hasMessageContaining("HTTP/1.1 200 OK");
    }

    @Test
    void assertHeaderExistsFails() {
        assertThatThrownBy(() -> SERVER.get("/text").send().assertHeaderExists("ETag"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected a header named ETag, but there is none")
                .hasMessageContaining("plain text body");
    }

    @Test
    void assertHeaderNotExistsFails() {
        assertThatThrownBy(() -> user().assertHeaderNotExists("X-Version"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected no X-Version header, but it was '2'")
                .hasMessageContaining("\"name\":\"Ann\"");
    }

    // ------------------------------------------------------------------ cookies

    @Test
    void assertCookieFailsOnAnotherValue() {
        assertThatThrownBy(() -> user().assertCookie("session", "xyz"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected cookie session='xyz' but it was 'abc'")
                .hasMessageContaining("Set-Cookie: session=abc; Path=/");
    }

    @Test
    void assertCookieFailsWhenTheCookieIsNotSet() {
        assertThatThrownBy(() -> user().assertCookie("theme", "dark"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected cookie theme='dark'")
                .hasMessageContaining("cookies set: session")
                .hasMessageContaining("\"name\":\"Ann\"");
    }

    @Test
    void assertCookieExistsFails() {
        assertThatThrownBy(() -> SERVER.get("/text").send().assertCookieExists("session"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected a cookie session")
                .hasMessageContaining("no cookies were set")
                .hasMessageContaining("plain text body");
    }

    // ------------------------------------------------------------------ body

    @Test
    void assertBodySubsetFailsNamingTheFirstDifference() {
        assertThatThrownBy(() -> user().assertBodySubset(Map.of("address", Map.of("city", "Bergen"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the body to contain {\"address\":{\"city\":\"Bergen\"}}")
                .hasMessageContaining("$.address.city: expected \"Bergen\" but was \"Oslo\"")
                .hasMessageContaining("\"zip\":\"0150\"");
    }

    @Test
    void assertBodySubsetFailsOnAMissingField() {
        assertThatThrownBy(() -> user().assertBodySubset(new UserView("Ann", null)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("$.address: expected null but was {")
                .hasMessageContaining("HTTP/1.1 200 OK");
        assertThatThrownBy(() -> user().assertBodySubset(Map.of("email", "ann@example.com")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("$.email: expected \"ann@example.com\" but the field is missing")
                .hasMessageContaining("\"name\":\"Ann\"");
    }

    @Test
    void assertBodySubsetComparesArraysElementByElement() {
        assertThatThrownBy(() -> user().assertBodySubset(Map.of("roles", List.of("admin"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("$.roles: expected an array of 1 element(s) [\"admin\"] but it has 2")
                .hasMessageContaining("\"roles\":[\"admin\",\"dev\"]");
        assertThatThrownBy(() -> user().assertBodySubset(Map.of("roles", List.of("admin", "ops"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("$.roles[1]: expected \"ops\" but was \"dev\"");
    }

    @Test
    void assertBodySubsetFailsWhenTheBodyIsNotJson() {
        assertThatThrownBy(() -> SERVER.get("/text").send().assertBodySubset(Map.of("a", 1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the body to contain {\"a\":1}, but the body is not JSON")
                .hasMessageContaining("plain text body");
        assertThatThrownBy(() -> SERVER.get("/empty").send().assertBodyDeepEqual(Map.of()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but the body is empty")
                .hasMessageContaining("HTTP/1.1 204 No Content");
    }

    @Test
    void assertNotBodySubsetFails() {
        assertThatThrownBy(() -> user().assertNotBodySubset(Map.of("name", "Ann", "id", 7)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the body not to contain")
                .hasMessageContaining("\"name\":\"Ann\"")
                .hasMessageContaining("but it does")
                .hasMessageContaining("\"roles\":[\"admin\",\"dev\"]");
    }

    @Test
    void assertBodyDeepEqualFailsOnAFieldTheExpectationLacks() {
        assertThatThrownBy(() -> user().assertBodyDeepEqual(
                        Map.of("id", 7, "name", "Ann", "address", Map.of("city", "Oslo", "zip", "0150"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the body to equal")
                .hasMessageContaining("$.roles: unexpected field with value [\"admin\",\"dev\"]")
                .hasMessageContaining("HTTP/1.1 200 OK");
    }

    @Test
    void assertBodyDeepEqualFailsOnAValue() {
        assertThatThrownBy(() -> user().assertBodyDeepEqual(
                        "{\"id\":8,\"name\":\"Ann\",\"roles\":[\"admin\",\"dev\"],\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"}}"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("$.id: expected 8 but was 7")
                .hasMessageContaining("\"id\":7");
    }

    @Test
    void assertNotBodyDeepEqualFails() {
        assertThatThrownBy(() -> SERVER.get("/user").send().assertNotBodyDeepEqual(
                        "{\"id\":7,\"name\":\"Ann\",\"roles\":[\"admin\",\"dev\"],\"address\":{\"city\":\"Oslo\",\"zip\":\"0150\"}}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the body not to equal {\"id\":7")
                .hasMessageContaining("but it does")
                .hasMessageContaining("X-Version: 2");
    }

    @Test
    void anExpectationThatIsNotJsonIsAMistakeOfTheTest() {
        assertThatThrownBy(() -> user().assertBodySubset("name: Ann"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid JSON text");
    }

    // ------------------------------------------------------------------ custom

    @Test
    void assertThatFailsWithItsDescription() {
        assertThatThrownBy(() -> user().assertThat("has three roles", r -> r.json().get("roles").size() == 3))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the response to satisfy 'has three roles'")
                .hasMessageContaining("\"roles\":[\"admin\",\"dev\"]");
    }

    @Test
    void assertThatKeepsTheMessageOfANestedAssertion() {
        assertThatThrownBy(() -> user().assertThat("name is Bob",
                        r -> {
                            assertThat(r.json().get("name").asText()).isEqualTo("Bob");
                            return true;
                        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the response to satisfy 'name is Bob', but:")
                .hasMessageContaining("\"Bob\"")
                .hasMessageContaining("HTTP/1.1 200 OK");
    }

    @Test
    void aPredicateThatThrowsIsAFailure() {
        assertThatThrownBy(() -> SERVER.get("/empty").send().assertThat("has a name",
                        r -> r.header("X-Name").isEmpty()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected the response to satisfy 'has a name', but checking it threw")
                .hasMessageContaining("NullPointerException")
                .hasCauseInstanceOf(NullPointerException.class);
    }

    // ------------------------------------------------------------------ how the response is shown

    @Test
    void aLongBodyIsCutInTheMessage() {
        assertThatThrownBy(() -> SERVER.get("/big").send().assertStatus(404))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected status 404 but was 200")
                .hasMessageContaining("xxxxxxxxxx")
                .hasMessageContaining("body truncated: 5007 bytes in all")
                .hasMessageNotContaining("THE-END")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(2600));
    }

    @Test
    void readingJsonFromATextBodyFailsShowingTheBody() {
        MockResponse text = SERVER.get("/text").send();

        assertThatThrownBy(text::json)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expected a JSON body, but the body is not JSON")
                .hasMessageContaining("plain text body");
        assertThatThrownBy(() -> text.as(Map.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Could not read the body as java.util.Map")
                .hasMessageContaining("plain text body");
        assertThatThrownBy(() -> user().as(Address[].class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Could not read the body as")
                .hasMessageContaining("Address[]")
                .hasMessageContaining("\"name\":\"Ann\"");
    }
}
