package dev.articlesapi.article;

import dev.articlesapi.user.PublicUser;
import dev.articlesapi.user.UserRows;
import io.r2dbc.spi.Readable;
import java.time.Instant;
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

    static ArticleHead head(Readable r) {
        return new ArticleHead(r.get("id", Long.class), r.get("title", String.class), r.get("content", String.class),
                r.get("created_at", Instant.class), r.get("updated_at", Instant.class),
                new PublicUser(r.get("author_id", Long.class), r.get("author_name", String.class),
                        UserRows.address(r, "address_")));
    }
}
