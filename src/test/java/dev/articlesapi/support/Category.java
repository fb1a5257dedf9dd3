package dev.articlesapi.support;

/** The contract's Category. */
public record Category(long id, String name) {
}
