package dev.balda.testkit.mock;

/**
 * Builds the assertion errors of the mock server: the message says what was expected, then shows
 * the actual response. With opentest4j on the class path (it comes with JUnit 5) the error is an
 * {@code AssertionFailedError} carrying expected and actual values, which IDEs show as a diff.
 */
final class Failures {
    private static final boolean OPENTEST4J = present("org.opentest4j.AssertionFailedError");

    private Failures() {
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, Failures.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /**
     * @param response the response to show after the message, or {@code null}
     * @param expected the expected value for an IDE diff, or {@code null} for none
     * @param actual the actual value for an IDE diff
     */
    static AssertionError failure(String message, MockResponse response, Object expected, Object actual) {
        String full = response == null ? message : message + "\n" + response.describe();
        if (OPENTEST4J && expected != null) {
            return Opentest4j.failure(full, expected, actual);
        }
        return new AssertionError(full);
    }

    /** Loaded only when opentest4j is present. */
    private static final class Opentest4j {
        static AssertionError failure(String message, Object expected, Object actual) {
            return new org.opentest4j.AssertionFailedError(message, expected, actual);
        }
    }
}
