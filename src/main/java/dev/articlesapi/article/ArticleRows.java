package dev.articlesapi.article;

import dev.articlesapi.category.Category;
import dev.articlesapi.user.PublicUser;
import dev.articlesapi.user.UserRows;
import io.r2dbc.spi.Readable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Row mapping for the article queries; column names are the aliases the queries give. */
final class ArticleRows {

    static final String COLUMNS = "a.id, a.title, a.content, a.author_id, a.created_at, a.updated_at";

    private ArticleRows() {}

    static ArticleWithCategoryIds withCategoryIds(Readable r) {
        return new ArticleWithCategoryIds(r.get("id", Long.class), r.get("title", String.class),
                r.get("content", String.class), r.get("author_id", Long.class), r.get("created_at", Instant.class),
                r.get("updated_at", Instant.class), ids(r, "category_ids"));
    }

    static List<Long> ids(Readable r, String column) {
        Long[] ids = r.get(column, Long[].class);
        return ids == null ? List.of() : Arrays.asList(ids);
    }

    static ArticleDetails details(Readable r) {
        return new ArticleDetails(r.get("id", Long.class), r.get("title", String.class),
                r.get("content", String.class), r.get("created_at", Instant.class), r.get("updated_at", Instant.class),
                new PublicUser(r.get("author_id", Long.class), r.get("author_name", String.class),
                        UserRows.address(r, "address_")),
                categories(r.get("category_ids", Long[].class), r.get("category_names", String[].class)));
    }

    /** The categories from two parallel arrays (ids and names in the same order); none when both are NULL. */
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
