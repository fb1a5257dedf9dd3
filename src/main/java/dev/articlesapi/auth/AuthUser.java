package dev.articlesapi.auth;

/** The signed-in caller, as read from the database for each request that carries a valid token. */
public record AuthUser(long id, String role) {

    public boolean isAdmin() {
        return "admin".equals(role);
    }

    /** Whether this caller may act on resources owned by {@code ownerId}. */
    public boolean mayActFor(long ownerId) {
        return id == ownerId || isAdmin();
    }
}
