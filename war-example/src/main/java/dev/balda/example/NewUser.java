package dev.balda.example;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The body of {@code POST /api/users}: what a client may set. Unknown fields are ignored. */
public record NewUser(String name, String email) {
    static final int MAX_NAME = 100;
    static final int MAX_EMAIL = 254;

    /** The problems with this input, in the spec's validation error shape; empty when valid. */
    List<Map<String, String>> problems() {
        List<Map<String, String>> errors = new ArrayList<>();
        if (name == null || name.isBlank()) {
            errors.add(problem("name", "must not be blank"));
        } else if (name.length() > MAX_NAME) {
            errors.add(problem("name", "must be at most " + MAX_NAME + " characters"));
        }
        if (email != null && (email.length() > MAX_EMAIL || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+"))) {
            errors.add(problem("email", "must be a well-formed email address"));
        }
        return errors;
    }

    private static Map<String, String> problem(String path, String message) {
        Map<String, String> problem = new LinkedHashMap<>();
        problem.put("in", "body");
        problem.put("path", path);
        problem.put("message", message);
        return problem;
    }
}
