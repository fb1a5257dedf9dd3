package dev.articlesapi.category;

import dev.articlesapi.article.Article;
import java.util.List;

/** A category with its articles, sorted by id. */
public record CategoryDetails(long id, String name, List<Article> articles) {}
