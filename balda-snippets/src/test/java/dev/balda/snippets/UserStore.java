package dev.balda.snippets;

import dev.balda.http.HttpException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The README's "your own code": an in-memory user store. */
final class UserStore {
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    User add(NewUser input) {
        if (input == null || input.name() == null || input.name().isBlank()) {
            throw HttpException.badRequest("Send a JSON body with a name, such as {\"name\":\"Ada\"}");
        }
        User user = new User(String.valueOf(ids.incrementAndGet()), input.name().strip());
        users.put(user.id(), user);
        return user;
    }

    User find(String id) {
        User user = users.get(id);
        if (user == null) {
            throw HttpException.notFound("No user " + id);
        }
        return user;
    }
}
