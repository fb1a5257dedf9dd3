package dev.articlesapi.user;

/** What anyone may see of a user: no email, no role, never a password hash. */
public record PublicUser(long id, String name, Address address) {
}
