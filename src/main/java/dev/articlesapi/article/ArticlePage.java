package dev.articlesapi.article;

import dev.articlesapi.web.Page;

/**
 * A page of articles and whether more rows follow it in its order (the answer's
 * {@code Link: rel="next"}).
 */
record ArticlePage(Page<Article> page, boolean more) {
}
