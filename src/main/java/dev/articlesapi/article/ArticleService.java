package dev.articlesapi.article;

import dev.articlesapi.auth.AuthUser;
import dev.articlesapi.category.CategoryRepository;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Page;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

@Service
class ArticleService {

    private final ArticleRepository articles;
    private final CategoryRepository categories;
    private final TransactionalOperator tx;

    ArticleService(ArticleRepository articles, CategoryRepository categories, TransactionalOperator tx) {
        this.articles = articles;
        this.categories = categories;
        this.tx = tx;
    }

    /** Two queries whatever the article holds: the author join and the categories, in parallel. */
    Mono<ArticleDetails> details(long id) {
        return Mono.zip(articles.findHead(id), categories.findByArticle(id).collectList(), ArticleDetails::of)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Article", id)));
    }

    Mono<Page<Article>> page(ArticleFilter filter, int limit, long offset) {
        return articles.page(filter, limit, offset).map(p -> new Page<>(p.items(), p.count(), limit, offset));
    }

    /** One statement writes the article and its links; unknown category ids write nothing. */
    Mono<ArticleWithCategoryIds> create(AuthUser caller, ArticleRequest r) {
        return articles.insert(caller.id(), r);
    }

    Mono<ArticleWithCategoryIds> replace(AuthUser caller, long id, ArticleRequest r) {
        return change(caller, id, r.title(), r.content(), r.categoryIds());
    }

    Mono<ArticleWithCategoryIds> patch(AuthUser caller, long id, ArticlePatch p) {
        return change(caller, id, p.title(), p.content(), p.categoryIds());
    }

    /** Under the article's row lock: authorise, check the categories, then one statement changes it all. */
    private Mono<ArticleWithCategoryIds> change(AuthUser caller, long id, String title, String content,
                                                List<Long> categoryIds) {
        return lockForChange(caller, id, categoryIds == null ? List.of() : categoryIds)
                .flatMap(lock -> lock.missingCategoryIds().isEmpty()
                        ? articles.update(id, title, content, categoryIds)
                        : Mono.error(ApiException.unknownCategories(lock.missingCategoryIds())))
                .as(tx::transactional);
    }

    Mono<Void> delete(AuthUser caller, long id) {
        return lockForChange(caller, id, List.of()).then(articles.delete(id)).as(tx::transactional);
    }

    Mono<Void> link(AuthUser caller, long id, long categoryId) {
        return lockForChange(caller, id, List.of()).then(articles.link(id, categoryId)).then().as(tx::transactional);
    }

    Mono<Void> unlink(AuthUser caller, long id, long categoryId) {
        return lockForChange(caller, id, List.of()).then(articles.unlink(id, categoryId)).then()
                .as(tx::transactional);
    }

    /** Locks the article; 404 when it does not exist, 403 unless the caller is its author or an admin. */
    private Mono<ArticleRepository.Lock> lockForChange(AuthUser caller, long id, List<Long> categoryIds) {
        return articles.lock(id, categoryIds)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("Article", id)))
                .flatMap(lock -> caller.mayActFor(lock.authorId()) ? Mono.just(lock)
                        : Mono.error(ApiException.forbidden("Only the author or an admin may change this article")));
    }
}
