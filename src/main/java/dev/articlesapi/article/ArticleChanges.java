package dev.articlesapi.article;

import java.util.List;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** For other features whose writes change articles (a deleted category changes its articles' category sets). */
@Component
public class ArticleChanges {

    private final ArticleRepository articles;
    private final ArticleEventLog events;

    ArticleChanges(ArticleRepository articles, ArticleEventLog events) {
        this.articles = articles;
        this.events = events;
    }

    /** Within the caller's transaction: the articles' categories changed; touch them and record the events. */
    public Mono<Void> categoriesChanged(List<Long> articleIds) {
        return articleIds.isEmpty() ? Mono.empty()
                : articles.touch(articleIds).collectList().flatMap(events::updated);
    }
}
