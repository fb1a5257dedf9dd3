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

    /** One statement whatever the article holds; its version is read with it. */
    Mono<Versioned<ArticleDetails>> details(long id) {
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
    Mono<Versioned<ArticleWithCategoryIds>> create(Caller caller, ArticleRequest r) {
        return articles.insert(caller.id(), r);
    }

    Mono<Versioned<ArticleWithCategoryIds>> replace(Caller caller, long id, IfMatch ifMatch, ArticleRequest r) {
        return change(caller, id, ifMatch, r.title(), r.content(), r.categoryIds());
    }

    Mono<Versioned<ArticleWithCategoryIds>> patch(Caller caller, long id, IfMatch ifMatch, ArticlePatch p) {
        return change(caller, id, ifMatch, p.title(), p.content(), p.categoryIds());
    }

    /**
     * Under the article's row lock (and its wanted categories'): authorise, check
     * If-Match and the categories, then one statement changes it all, gives it a new
     * version and records the event.
     */
    private Mono<Versioned<ArticleWithCategoryIds>> change(Caller caller, long id, IfMatch ifMatch, String title,
            String content, List<Long> categoryIds) {
        return lockForChange(caller, id, ifMatch, categoryIds == null ? List.of() : categoryIds)
            .flatMap(lock -> lock.missingCategoryIds().isEmpty() ? articles.update(id, title, content, categoryIds)
                    : Mono.error(ApiException.unknownCategories(lock.missingCategoryIds())))
            .as(tx::transactional);
    }

    /** One statement deletes the article (its links go with it) and records its event. */
    Mono<Void> delete(Caller caller, long id, IfMatch ifMatch) {
        return lockForChange(caller, id, ifMatch, List.of()).then(articles.delete(id)).as(tx::transactional);
    }

    /**
     * Adds one link; only an actual change touches the article (a new version) and makes
     * an event. The article's version after it.
     */
    Mono<Long> link(Caller caller, long id, IfMatch ifMatch, long categoryId) {
        return lockForChange(caller, id, ifMatch, List.of(categoryId))
            .flatMap(lock -> lock.missingCategoryIds().isEmpty()
                    ? articles.link(id, categoryId).flatMap(changed -> touchIf(changed, id, lock.version()))
                    : Mono.error(ApiException.notFound("Category", categoryId)))
            .as(tx::transactional);
    }

    /** Removes one link, as {@link #link}. The article's version after it. */
    Mono<Long> unlink(Caller caller, long id, IfMatch ifMatch, long categoryId) {
        return lockForChange(caller, id, ifMatch, List.of())
            .flatMap(lock -> articles.unlink(id, categoryId).flatMap(changed -> touchIf(changed, id, lock.version())))
            .as(tx::transactional);
    }

    private Mono<Long> touchIf(boolean changed, long id, long version) {
        return changed ? articles.touch(List.of(id)) : Mono.just(version);
    }

    /**
     * Locks the categories named (those that exist) and the article, and has PostgreSQL
     * compare the article's version with If-Match under that lock; 404 when the article
     * does not exist, 403 unless the caller is its author or an admin, then 412 (with the
     * current ETag) when If-Match does not match: the transaction then ends with nothing
     * written.
     */
    private Mono<ArticleRepository.Lock> lockForChange(Caller caller, long id, IfMatch ifMatch,
            List<Long> categoryIds) {
        return articles.lock(id, categoryIds, ifMatch)
            .switchIfEmpty(Mono.error(() -> ApiException.notFound("Article", id)))
            .flatMap(lock -> {
                if (!caller.mayActFor(lock.authorId())) {
                    return Mono.error(ApiException.forbidden("Only the author or an admin may change this article"));
                }
                if (!lock.matched()) {
                    return Mono.error(ApiException.preconditionFailed(
                            "If-Match does not match the article's current ETag; read it again (the ETag header has it)",
                            Versioned.etag(lock.version())));
                }
                return Mono.just(lock);
            });
    }

}
