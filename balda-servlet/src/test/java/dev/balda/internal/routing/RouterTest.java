package dev.balda.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouterTest {
    private final Router<String> router = new Router<>();

    private void add(String method, String path) {
        router.add(method, PathPattern.parse(path), method + " " + path);
    }

    private RouteMatch<String> match(String method, String path) {
        String[] segments = path.equals("/") ? new String[0] : path.substring(1).split("/");
        return router.match(method, segments);
    }

    /** The registered target of the match, or {@code null}. */
    private String target(String method, String path) {
        RouteMatch<String> m = match(method, path);
        return m.found() ? m.route().target() : null;
    }

    @Test
    void literalBeatsParamBeatsWildcard() {
        add("GET", "/files/*");
        add("GET", "/files/:name");
        add("GET", "/files/latest");

        assertThat(target("GET", "/files/latest")).isEqualTo("GET /files/latest");
        assertThat(target("GET", "/files/report")).isEqualTo("GET /files/:name");
        assertThat(target("GET", "/files/a/b")).isEqualTo("GET /files/*");
    }

    @Test
    void precedenceDoesNotDependOnRegistrationOrder() {
        add("GET", "/files/latest");
        add("GET", "/files/:name");
        add("GET", "/files/*");

        assertThat(target("GET", "/files/latest")).isEqualTo("GET /files/latest");
        assertThat(target("GET", "/files/report")).isEqualTo("GET /files/:name");
    }

    @Test
    void backtracksFromALiteralThatLeadsNowhere() {
        add("GET", "/users/me");
        add("GET", "/users/:id/posts");

        assertThat(target("GET", "/users/me")).isEqualTo("GET /users/me");
        RouteMatch<String> posts = match("GET", "/users/me/posts");
        assertThat(posts.found()).isTrue();
        assertThat(posts.route().target()).isEqualTo("GET /users/:id/posts");
        assertThat(posts.param("id")).isEqualTo("me");
    }

    @Test
    void backtracksFromAParamToAWildcard() {
        add("GET", "/files/:id/meta");
        add("GET", "/files/*");

        assertThat(target("GET", "/files/7/meta")).isEqualTo("GET /files/:id/meta");
        RouteMatch<String> other = match("GET", "/files/7/other");
        assertThat(other.route().target()).isEqualTo("GET /files/*");
        assertThat(other.param("*")).isEqualTo("7/other");
    }

    @Test
    void backtracksWhenTheLiteralBranchLacksTheMethod() {
        add("GET", "/users/me");
        add("DELETE", "/users/:id");

        RouteMatch<String> delete = match("DELETE", "/users/me");
        assertThat(delete.route().target()).isEqualTo("DELETE /users/:id");
        assertThat(delete.param("id")).isEqualTo("me");
    }

    @Test
    void eachRouteKeepsItsOwnParamNames() {
        add("GET", "/users/:id");
        add("GET", "/users/:userId/posts/:postId");

        RouteMatch<String> user = match("GET", "/users/42");
        assertThat(user.params()).containsExactly(Map.entry("id", "42"));
        assertThat(user.param("userId")).isNull();

        RouteMatch<String> post = match("GET", "/users/42/posts/7");
        assertThat(post.params()).containsExactly(Map.entry("userId", "42"), Map.entry("postId", "7"));
        assertThat(post.param("id")).isNull();
    }

    @Test
    void wildcardCapturesOneOrMoreSegmentsButNotZero() {
        add("GET", "/static/*");

        assertThat(match("GET", "/static/app.js").param("*")).isEqualTo("app.js");
        RouteMatch<String> deep = match("GET", "/static/css/site/main.css");
        assertThat(deep.param("*")).isEqualTo("css/site/main.css");
        assertThat(deep.params()).containsExactly(Map.entry("*", "css/site/main.css"));

        RouteMatch<String> none = match("GET", "/static");
        assertThat(none.found()).isFalse();
        assertThat(none.pathFound()).isFalse();
    }

    @Test
    void aRootWildcardTakesEveryNonRootPath() {
        add("GET", "/*");

        assertThat(match("GET", "/a/b").param("*")).isEqualTo("a/b");
        assertThat(match("GET", "/").found()).isFalse();
    }

    @Test
    void aMissIsNotFoundWithoutAllowedMethods() {
        add("GET", "/users");

        RouteMatch<String> miss = match("GET", "/nope");
        assertThat(miss.found()).isFalse();
        assertThat(miss.pathFound()).isFalse();
        assertThat(miss.route()).isNull();
        assertThat(miss.allowedMethods()).isEmpty();
        assertThat(miss.params()).isEmpty();
        assertThat(miss.param("x")).isNull();
    }

    @Test
    void duplicateRouteFailsWithTheExactMessage() {
        add("GET", "/users");

        assertThatIllegalArgumentException().isThrownBy(() -> add("GET", "/users"))
                .withMessage("Duplicate route: GET /users is already registered");
        assertThatIllegalArgumentException().isThrownBy(() -> add("GET", "//users/"))
                .withMessage("Duplicate route: GET /users is already registered");
        assertThatIllegalArgumentException().isThrownBy(() -> add("get", "/users"))
                .withMessage("Duplicate route: GET /users is already registered");
    }

    @Test
    void duplicateWithRenamedParamNamesTheExistingRoute() {
        add("GET", "/users/:id");

        assertThatIllegalArgumentException().isThrownBy(() -> add("GET", "/users/:userId"))
                .withMessage("Duplicate route: GET /users/:userId is already registered (as /users/:id)");
    }

    @Test
    void duplicateAllRouteIsReportedAsAll() {
        add(Router.ANY_METHOD, "/any");

        assertThatIllegalArgumentException().isThrownBy(() -> add(Router.ANY_METHOD, "/any"))
                .withMessage("Duplicate route: ALL /any is already registered");
    }

    @Test
    void sameShapeWithOtherMethodsIsNoDuplicate() {
        add("GET", "/users/:id");
        add("PUT", "/users/:userId");
        add(Router.ANY_METHOD, "/users/:x");

        assertThat(router.routes()).extracting(Route::toString)
                .containsExactly("GET /users/:id", "PUT /users/:userId", "ALL /users/:x");
        assertThat(match("PUT", "/users/5").param("userId")).isEqualTo("5");
    }

    @Test
    void allowedMethodsListEveryMethodOfThePathWithHeadAndOptions() {
        add("GET", "/users");
        add("POST", "/users");
        add("DELETE", "/users/:id");

        RouteMatch<String> put = match("PUT", "/users");
        assertThat(put.found()).isFalse();
        assertThat(put.pathFound()).isTrue();
        assertThat(put.allowedMethods()).containsExactlyInAnyOrder("GET", "HEAD", "POST", "OPTIONS");

        RouteMatch<String> get = match("GET", "/users/5");
        assertThat(get.allowedMethods()).containsExactlyInAnyOrder("DELETE", "OPTIONS");
    }

    @Test
    void allowedMethodsCollectFromEveryBranchThatMatchesThePath() {
        add("GET", "/users/me");
        add("PATCH", "/users/:id");
        add("DELETE", "/users/*");

        assertThat(match("PUT", "/users/me").allowedMethods())
                .containsExactlyInAnyOrder("GET", "HEAD", "PATCH", "DELETE", "OPTIONS");
        assertThat(match("PUT", "/users/5").allowedMethods())
                .containsExactlyInAnyOrder("PATCH", "DELETE", "OPTIONS");
    }

    @Test
    void allowedMethodsAreEmptyOnAFoundMatch() {
        add("GET", "/users");

        assertThat(match("GET", "/users").allowedMethods()).isEmpty();
        assertThat(match("GET", "/users").pathFound()).isTrue();
    }

    @Test
    void headFallsBackToGet() {
        add("GET", "/page");

        assertThat(target("HEAD", "/page")).isEqualTo("GET /page");
    }

    @Test
    void anExplicitHeadRouteBeatsGet() {
        add("GET", "/page");
        add("HEAD", "/page");

        assertThat(target("HEAD", "/page")).isEqualTo("HEAD /page");
    }

    @Test
    void headPrefersGetOverAnAllRoute() {
        add(Router.ANY_METHOD, "/page");
        add("GET", "/page");

        assertThat(target("HEAD", "/page")).isEqualTo("GET /page");
    }

    @Test
    void anExplicitMethodBeatsAnAllRoute() {
        add(Router.ANY_METHOD, "/thing");
        add("POST", "/thing");

        assertThat(target("POST", "/thing")).isEqualTo("POST /thing");
        assertThat(target("GET", "/thing")).isEqualTo("* /thing");
        assertThat(target("BREW", "/thing")).isEqualTo("* /thing");
    }

    @Test
    void methodNamesAreUpperCased() {
        add("get", "/lower");

        assertThat(router.routes().get(0).method()).isEqualTo("GET");
        assertThat(target("GET", "/lower")).isEqualTo("get /lower");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "GE T", "GET/", "G(E)T", "PÜT", "GET\n"})
    void refusesMethodNamesThatAreNotTokens(String method) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> router.add(method, PathPattern.parse("/x"), "x"))
                .withMessage("'" + method + "' is not an HTTP method name");
        assertThat(router.isEmpty()).isTrue();
    }

    @Test
    void acceptsExtensionMethods() {
        add("PROPFIND", "/dav");
        add("M-SEARCH", "/dav");

        assertThat(target("PROPFIND", "/dav")).isEqualTo("PROPFIND /dav");
        assertThat(target("M-SEARCH", "/dav")).isEqualTo("M-SEARCH /dav");
    }

    @Test
    void rootRouteMatchesTheEmptyPath() {
        add("GET", "/");

        assertThat(target("GET", "/")).isEqualTo("GET /");
        assertThat(match("GET", "/x").pathFound()).isFalse();
    }

    @Test
    void literalsAreCaseSensitive() {
        add("GET", "/Users");

        assertThat(match("GET", "/users").found()).isFalse();
        assertThat(match("GET", "/Users").found()).isTrue();
    }
}
