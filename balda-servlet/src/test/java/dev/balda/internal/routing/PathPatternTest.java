package dev.balda.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

    @Test
    void parsesLiteralParamAndWildcardSegments() {
        PathPattern pattern = PathPattern.parse("/users/:id/files/*");

        assertThat(pattern.toString()).isEqualTo("/users/:id/files/*");
        assertThat(pattern.source()).isEqualTo("/users/:id/files/*");
        assertThat(pattern.paramNames()).containsExactly("id", PathPattern.WILDCARD_PARAM);
        assertThat(pattern.hasWildcard()).isTrue();
        assertThat(pattern.segmentCount()).isEqualTo(4);
        assertThat(pattern.kind(0)).isEqualTo(PathPattern.Kind.LITERAL);
        assertThat(pattern.kind(1)).isEqualTo(PathPattern.Kind.PARAM);
        assertThat(pattern.kind(3)).isEqualTo(PathPattern.Kind.WILDCARD);
        assertThat(pattern.indexOf("id")).isEqualTo(1);
        assertThat(pattern.indexOf("*")).isEqualTo(3);
        assertThat(pattern.indexOf("nope")).isEqualTo(-1);
    }

    @Test
    void rootIsTheEmptyPattern() {
        PathPattern root = PathPattern.parse("/");

        assertThat(root.toString()).isEqualTo("/");
        assertThat(root.segmentCount()).isZero();
        assertThat(root.paramNames()).isEmpty();
        assertThat(root.hasWildcard()).isFalse();
        assertThat(root).isEqualTo(PathPattern.parse("//"));
    }

    @ParameterizedTest
    @CsvSource({
        "/users/,       /users",
        "//a//b,        /a/b",
        "/a/b///,       /a/b",
        "//users/:id/,  /users/:id",
    })
    void normalisesEmptySegments(String written, String normalised) {
        PathPattern pattern = PathPattern.parse(written);

        assertThat(pattern.toString()).isEqualTo(normalised);
        assertThat(pattern).isEqualTo(PathPattern.parse(normalised));
        assertThat(pattern.hashCode()).isEqualTo(PathPattern.parse(normalised).hashCode());
        assertThat(pattern.source()).isEqualTo(written);
    }

    @Test
    void literalsAreCaseSensitiveAndParamNamesMatterForEquality() {
        assertThat(PathPattern.parse("/Users")).isNotEqualTo(PathPattern.parse("/users"));
        assertThat(PathPattern.parse("/users/:id")).isNotEqualTo(PathPattern.parse("/users/:userId"));
        // ...but both match the same paths, which is what duplicate detection uses.
        assertThat(PathPattern.parse("/users/:id").shape()).isEqualTo(PathPattern.parse("/users/:userId").shape());
    }

    @Test
    void colonInsideALiteralIsLiteralText() {
        PathPattern pattern = PathPattern.parse("/a:b/v1:list");

        assertThat(pattern.paramNames()).isEmpty();
        assertThat(pattern.kind(0)).isEqualTo(PathPattern.Kind.LITERAL);
        assertThat(pattern.text(0)).isEqualTo("a:b");
    }

    @Test
    void refusesAPathWithoutLeadingSlash() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse("users"))
                .withMessage("Route path 'users' must start with '/'");
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse(""))
                .withMessage("Route path '' must start with '/'");
        assertThatNullPointerException().isThrownBy(() -> PathPattern.parse(null)).withMessage("path");
    }

    @ParameterizedTest
    @CsvSource({
        "/users/:,        :",
        "/users/:1id,     :1id",
        "/users/:user-id, :user-id",
        "/users/:id.json, :id.json",
        "/users/:*,       :*",
    })
    void refusesBadParamNames(String path, String segment) {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse(path))
                .withMessage("Route path '" + path + "': param '" + segment
                        + "' needs a name of letters, digits and '_' that does not start with a digit");
    }

    @Test
    void acceptsParamNamesWithUnderscoresAndDigits() {
        assertThat(PathPattern.parse("/:_a1/:B_2").paramNames()).containsExactly("_a1", "B_2");
    }

    @Test
    void refusesADuplicateParam() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse("/a/:id/b/:id"))
                .withMessage("Route path '/a/:id/b/:id': param ':id' appears twice");
    }

    @Test
    void refusesAWildcardThatIsNotLast() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse("/files/*/meta"))
                .withMessage("Route path '/files/*/meta': '*' must be the last segment");
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse("/*/*"))
                .withMessage("Route path '/*/*': '*' must be the last segment");
    }

    @Test
    void aTrailingSlashAfterTheWildcardIsStillLast() {
        assertThat(PathPattern.parse("/files/*/").toString()).isEqualTo("/files/*");
    }

    @ParameterizedTest
    @CsvSource({
        "/files/*.txt, *.txt",
        "/a*,          a*",
        "/a/b*c,       b*c",
        "/**,          **",
    })
    void refusesAWildcardMixedIntoALiteral(String path, String segment) {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.parse(path))
                .withMessage("Route path '" + path + "': segment '" + segment
                        + "' mixes literal text with '*'; use '*' alone as the last segment");
    }

    @ParameterizedTest
    @CsvSource({
        "/,                     /",
        "/chat/:room,           /chat/{room}",
        "/a/:x/b/:y/,           /a/{x}/b/{y}",
        "//static//page,        /static/page",
    })
    void convertsToAUriTemplate(String path, String template) {
        assertThat(PathPattern.parse(path).toUriTemplate()).isEqualTo(template);
    }

    @Test
    void aWildcardHasNoUriTemplate() {
        assertThatIllegalStateException().isThrownBy(() -> PathPattern.parse("/files/*").toUriTemplate())
                .withMessage("Route path '/files/*' ends in '*', which a JSR-356 URI template cannot express");
    }

    @ParameterizedTest
    @CsvSource({
        "/api,   /users, /api/users",
        "/api/,  /users, /api/users",
        "/api,   users,  /api/users",
        "/api/,  users,  /api/users",
        "/api,   /,      /api",
        "/api,   '',     /api",
        "/,      /users, /users",
        "'',     /users, /users",
        "/a/:id, /b/*,   /a/:id/b/*",
    })
    void joinsPrefixAndPathLikeGroups(String prefix, String path, String joined) {
        assertThat(PathPattern.join(prefix, path)).isEqualTo(joined);
    }

    @Test
    void joinWithNullPrefixIsThePath() {
        assertThat(PathPattern.join(null, "/x")).isEqualTo("/x");
    }
}
