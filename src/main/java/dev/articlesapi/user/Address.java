package dev.articlesapi.user;

public record Address(long id, String street, String city, String country) {
}
