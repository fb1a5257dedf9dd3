package dev.articlesapi.article;

import dev.articlesapi.user.PublicUser;
import dev.articlesapi.user.UserRows;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What statements read articles with (the column list, the link to a category) and every
 * row mapping of the statements on articles and their events; column names are the
 * aliases the statements give.
 */
public final class ArticleRows {

    /**
     * The columns of an {@link Article}, from the alias {@code a}: every statement that
     * reads, inserts or updates articles selects or returns these (an
     * {@link ArticleWithCategoryIds} adds {@code category_ids}; the details, which join
     * the author, name theirs).
     */
    public static final String COLUMNS = "a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at";

    /**
     * The condition that the article {@code a} is linked to the category
     * {@code categoryId} (a column or a bind marker). The ids come from the link table's
     * primary key as an array, so the articles are read by their own primary key in id
     * order: a plain join of the link table was planned as a hash join over a scan of
     * every article (11 ms against 4 ms for 800 of 20,000 articles, bench/README.md).
     */
    public static String inCategory(String categoryId) {
        return "a.id = ANY (ARRAY(SELECT ca.article_id FROM categories_articles ca WHERE ca.category_id = " + categoryId
                + "))";
    }

    /**
     * One row of a statement that left-joins articles to a head (a page's count, a
     * category), and its article.
     */
    public record Joined<H>(H head, Article article) {
    }

    private ArticleRows() {
    }

    /** From a row with the columns of {@link #COLUMNS}. */
    public static Article article(Readable r) {
        return new Article(r.get("id", Long.class), r.get("title", String.class), r.get("content", String.class),
                r.get("author_id", Long.class), r.get("created_at", Instant.class), r.get("updated_at", Instant.class));
    }

    /**
     * The row's head and its article: null when the row joined none (its {@code id} is
     * null).
     */
    public static <H> Joined<H> joined(H head, Readable r) {
        return new Joined<>(head, r.get("id", Long.class) == null ? null : article(r));
    }

    /**
     * The head of the first row with the articles of every row, in row order; empty when
     * there is no row.
     */
    static <H, R> Mono<R> assemble(Flux<Joined<H>> rows, BiFunction<H, List<Article>, R> result) {
        return rows.collectList().filter(list -> !list.isEmpty()).map(list -> {
            List<Article> articles = new ArrayList<>(list.size());
            for (Joined<H> row : list) {
                if (row.article() != null) {
                    articles.add(row.article());
                }
            }
            return result.apply(list.get(0).head(), articles);
        });
    }

    static ArticleWithCategoryIds withCategoryIds(Readable r) {
        return new ArticleWithCategoryIds(r.get("id", Long.class), r.get("title", String.class),
                r.get("content", String.class), r.get("author_id", Long.class), r.get("created_at", Instant.class),
                r.get("updated_at", Instant.class), ids(r, "category_ids"));
    }

    static ArticleDetails details(Readable r) {
        return new ArticleDetails(r.get("id", Long.class), r.get("title", String.class), r.get("content", String.class),
                r.get("created_at", Instant.class), r.get("updated_at", Instant.class),
                new PublicUser(r.get("author_id", Long.class), r.get("author_name", String.class),
                        UserRows.address(r, "address_")),
                categories(r.get("category_ids", Long[].class), r.get("category_names", String[].class)));
    }

    static ArticleRepository.Lock lock(Readable r) {
        return new ArticleRepository.Lock(r.get("author_id", Long.class), ids(r, "missing_ids"),
                r.get("version", Long.class), Boolean.TRUE.equals(r.get("matched", Boolean.class)));
    }

    /** {@code body} with the row's {@code version} (migration V15). */
    static <T> Versioned<T> versioned(Readable r, T body) {
        return new Versioned<>(body, r.get("version", Long.class));
    }

    static ArticleEvent event(Readable r) {
        return new ArticleEvent(r.get("id", Long.class), r.get("type", String.class), r.get("article_id", Long.class),
                r.get("payload", String.class));
    }

    /** An array column of ids; none when it is NULL. */
    static List<Long> ids(Readable r, String column) {
        Long[] ids = r.get(column, Long[].class);
        return ids == null ? List.of() : Arrays.asList(ids);
    }

    /**
     * The categories from two parallel arrays (ids and names in the same order); none
     * when both are NULL.
     */
    private static List<Category> categories(Long[] ids, String[] names) {
        if (ids == null) {
            return List.of();
        }
        List<Category> categories = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            categories.add(new Category(ids[i], names[i]));
        }
        return categories;
    }

}
