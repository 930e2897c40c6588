package dev.balda.http;

/** The {@code SameSite} attribute of a cookie. */
public enum SameSite {
    STRICT("Strict"), LAX("Lax"), NONE("None");

    private final String attribute;

    SameSite(String attribute) {
        this.attribute = attribute;
    }

    /** The attribute value as written in {@code Set-Cookie}. */
    public String attribute() {
        return attribute;
    }
}
