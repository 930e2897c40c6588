package dev.balda.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Request ids: taken from a trusted incoming header when the value is sane, otherwise generated. */
final class RequestIds {
    private RequestIds() {
    }

    /** The incoming value if it is a sane id (at most 128 of {@code [A-Za-z0-9-_.:]}), else a new one. */
    static String choose(String incoming) {
        return isSane(incoming) ? incoming : generate();
    }

    static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > 128) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-_.:".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    static String generate() {
        // Request ids need uniqueness, not secrecy: a thread-local PRNG avoids SecureRandom's cost.
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
