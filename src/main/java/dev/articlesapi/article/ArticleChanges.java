package dev.articlesapi.article;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * For other features whose writes change articles: they go through these statements,
 * which keep the lock order of {@link ArticleLocks} and record the article events.
 */
@Component
public class ArticleChanges {

    private final ArticleRepository articles;

    ArticleChanges(ArticleRepository articles) {
        this.articles = articles;
    }

    /**
     * Within the caller's transaction, before it deletes the category's row: locks the
     * category (no article can be linked to it any more), then the articles linked to it,
     * in id order; removes those links, and touches the articles that lost one (new
     * versions), with their {@code article-updated} events. False when there is no such
     * category.
     */
    public Mono<Boolean> detachCategory(long categoryId) {
        return articles.lockCategory(categoryId)
            .flatMap(found -> articles.unlinkCategory(categoryId))
            .flatMap(ids -> articles.touch(ids).thenReturn(true))
            .defaultIfEmpty(false);
    }

}
