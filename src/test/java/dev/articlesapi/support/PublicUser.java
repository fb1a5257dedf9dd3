package dev.articlesapi.support;

/** The contract's PublicUser: no email, no role. */
public record PublicUser(long id, String name, Address address) {
}
