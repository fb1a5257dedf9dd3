package dev.articlesapi.category;

public record Category(long id, String name) {}
