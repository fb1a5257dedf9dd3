package dev.articlesapi.support;

import java.util.List;

/** The contract's CategoryDetails: a Category with its articles sorted by id. */
public record CategoryDetails(long id, String name, List<Article> articles) {
}
