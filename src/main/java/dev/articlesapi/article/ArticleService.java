package dev.articlesapi.article;

import dev.articlesapi.db.Pages;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import dev.articlesapi.web.Page;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Service
class ArticleService {

    private final ArticleRepository articles;

    private final TransactionalOperator tx;

    ArticleService(ArticleRepository articles, TransactionalOperator tx) {
        this.articles = articles;
        this.tx = tx;
    }

    /** One statement whatever the article holds. */
    Mono<ArticleDetails> details(long id) {
        return articles.findDetails(id).switchIfEmpty(Mono.error(() -> ApiException.notFound("Article", id)));
    }

    Mono<ArticlePage> page(ArticleFilter filter, int limit, long offset) {
        return articles.page(filter, limit, offset);
    }

    /**
     * Every matching article in the chosen order, read in keyset pages ({@link Pages}): a
     * slow client holds no connection.
     */
    Flux<Article> stream(ArticleFilter filter, long limit) {
        return Pages.rows(filter.start(), limit, Article::id, (after, size) -> articles.chunk(filter, after, size));
    }

    /**
     * One statement writes the article, its links and its event (unknown category ids
     * write nothing).
     */
    Mono<ArticleWithCategoryIds> create(Caller caller, ArticleRequest r) {
        return articles.insert(caller.id(), r);
    }

    Mono<ArticleWithCategoryIds> replace(Caller caller, long id, ArticleRequest r) {
        return change(caller, id, r.title(), r.content(), r.categoryIds());
    }

    Mono<ArticleWithCategoryIds> patch(Caller caller, long id, ArticlePatch p) {
        return change(caller, id, p.title(), p.content(), p.categoryIds());
    }

    /**
     * Under the article's row lock (and its wanted categories'): authorise, check the
     * categories, then one statement changes it all and records the event.
     */
    private Mono<ArticleWithCategoryIds> change(Caller caller, long id, String title, String content,
            List<Long> categoryIds) {
        return lockForChange(caller, id, categoryIds == null ? List.of() : categoryIds)
            .flatMap(lock -> lock.missingCategoryIds().isEmpty() ? articles.update(id, title, content, categoryIds)
                    : Mono.error(ApiException.unknownCategories(lock.missingCategoryIds())))
            .as(tx::transactional);
    }

    /** One statement deletes the article (its links go with it) and records its event. */
    Mono<Void> delete(Caller caller, long id) {
        return lockForChange(caller, id, List.of()).then(articles.delete(id)).as(tx::transactional);
    }

    /** Adds one link; only an actual change touches the article and makes an event. */
    Mono<Void> link(Caller caller, long id, long categoryId) {
        return lockForChange(caller, id, List.of(categoryId))
            .flatMap(lock -> lock.missingCategoryIds().isEmpty() ? articles.link(id, categoryId)
                    : Mono.error(ApiException.notFound("Category", categoryId)))
            .flatMap(changed -> touchIf(changed, id))
            .as(tx::transactional);
    }

    Mono<Void> unlink(Caller caller, long id, long categoryId) {
        return lockForChange(caller, id, List.of()).then(articles.unlink(id, categoryId))
            .flatMap(changed -> touchIf(changed, id))
            .as(tx::transactional);
    }

    private Mono<Void> touchIf(boolean changed, long id) {
        return changed ? articles.touch(List.of(id)) : Mono.empty();
    }

    /**
     * Locks the categories named (those that exist) and the article; 404 when the article
     * does not exist, 403 unless the caller is its author or an admin.
     */
    private Mono<ArticleRepository.Lock> lockForChange(Caller caller, long id, List<Long> categoryIds) {
        return articles.lock(id, categoryIds)
            .switchIfEmpty(Mono.error(() -> ApiException.notFound("Article", id)))
            .flatMap(lock -> caller.mayActFor(lock.authorId()) ? Mono.just(lock)
                    : Mono.error(ApiException.forbidden("Only the author or an admin may change this article")));
    }

}
