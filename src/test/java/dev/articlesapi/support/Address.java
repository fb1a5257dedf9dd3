package dev.articlesapi.support;

/** The contract's Address, as a client reads it: each string may be null. */
public record Address(long id, String street, String city, String country) {
}
