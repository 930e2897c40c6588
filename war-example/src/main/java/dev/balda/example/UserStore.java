package dev.balda.example;

import dev.balda.http.HttpException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users kept in memory, bounded: a demo must not let anyone fill the heap with POSTs. Past the
 * limit, creating a user answers 507 {@code USER_LIMIT_REACHED}.
 */
final class UserStore {
    private final Map<Long, User> users = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final int limit;

    UserStore(int limit) {
        this.limit = limit;
    }

    User add(NewUser input) {
        if (users.size() >= limit) {
            throw new HttpException(507, "USER_LIMIT_REACHED", "The example keeps at most " + limit + " users in memory");
        }
        User user = new User(ids.incrementAndGet(), input.name().strip(), input.email());
        users.put(user.id(), user);
        return user;
    }

    Optional<User> find(long id) {
        return Optional.ofNullable(users.get(id));
    }
}
