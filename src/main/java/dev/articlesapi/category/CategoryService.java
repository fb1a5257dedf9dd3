package dev.articlesapi.category;

import dev.articlesapi.article.ArticleChanges;
import dev.articlesapi.article.ArticleRows;
import dev.articlesapi.article.Category;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Service
class CategoryService {

    private final CategoryRepository categories;

    private final ArticleChanges articles;

    private final TransactionalOperator tx;

    CategoryService(CategoryRepository categories, ArticleChanges articles, TransactionalOperator tx) {
        this.categories = categories;
        this.articles = articles;
        this.tx = tx;
    }

    Flux<Category> findAll() {
        return categories.findAll();
    }

    /**
     * The category with each of its articles, a row each in id order; no row when there
     * is no such category.
     */
    Flux<ArticleRows.Joined<Category>> details(long id) {
        return categories.findDetails(id);
    }

    Mono<Category> create(Caller caller, CategoryRequest r) {
        return adminOnly(caller).then(categories.insert(r.name()));
    }

    Mono<Category> rename(Caller caller, long id, CategoryRequest r) {
        return adminOnly(caller).then(categories.update(id, r.name()))
            .switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", id)));
    }

    /**
     * The articles lose their links to it first, through the article feature (its lock
     * order, its events).
     */
    Mono<Void> delete(Caller caller, long id) {
        return adminOnly(caller).then(articles.detachCategory(id))
            .flatMap(found -> found ? categories.delete(id) : Mono.error(ApiException.notFound("Category", id)))
            .as(tx::transactional);
    }

    private static Mono<Void> adminOnly(Caller caller) {
        return caller.isAdmin() ? Mono.empty()
                : Mono.error(ApiException.forbidden("Only an admin may change categories"));
    }

}
