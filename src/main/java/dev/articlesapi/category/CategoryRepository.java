package dev.articlesapi.category;

import dev.articlesapi.article.ArticleRows;
import dev.articlesapi.article.Category;
import dev.articlesapi.db.Constraints;
import dev.articlesapi.db.Reads;
import dev.articlesapi.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Categories. The statements here run through {@link DatabaseClient}, with named markers
 * ({@code :id}); the public reads (the list, the category with its articles) run through
 * {@link Reads#replicaAllowed()}, with positional ones, and are in
 * {@link CategoryReadSql}.
 */
@Repository
class CategoryRepository {

    private final DatabaseClient db;

    private final Reads reads;

    CategoryRepository(DatabaseClient db, Reads reads) {
        this.db = db;
        this.reads = reads;
    }

    Flux<Category> findAll() {
        return reads.replicaAllowed().all(CategoryReadSql.ALL, CategoryRows::category);
    }

    /**
     * The category with each of its articles, a row each in id order; no row when there
     * is no such category.
     */
    Flux<ArticleRows.Joined<Category>> findDetails(long id) {
        return reads.replicaAllowed().all(CategoryReadSql.DETAILS, CategoryRows::details, id);
    }

    Mono<Category> insert(String name) {
        return db.sql("INSERT INTO categories (name) VALUES (:name) RETURNING id, name")
            .bind("name", name)
            .map(CategoryRows::category)
            .one()
            .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(e, name));
    }

    Mono<Category> update(long id, String name) {
        return db.sql("UPDATE categories SET name = :name WHERE id = :id RETURNING id, name")
            .bind("id", id)
            .bind("name", name)
            .map(CategoryRows::category)
            .one()
            .onErrorMap(DataIntegrityViolationException.class, e -> duplicate(e, name));
    }

    /**
     * Deletes the category's row; its links to articles must be gone already
     * (ArticleChanges.detachCategory).
     */
    Mono<Void> delete(long id) {
        return db.sql("DELETE FROM categories WHERE id = :id").bind("id", id).then();
    }

    private static Throwable duplicate(DataIntegrityViolationException e, String name) {
        return Constraints.is(e, "categories_name_key")
                ? ApiException.conflict("A category named '" + name + "' already exists") : e;
    }

}
