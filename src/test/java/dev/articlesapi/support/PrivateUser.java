package dev.articlesapi.support;

/** The contract's PrivateUser: what a user (or an admin) sees of that user. */
public record PrivateUser(long id, String email, String name, String role, Address address) {
}
