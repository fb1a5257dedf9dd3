package dev.articlesapi.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * POST /articles' and PUT /articles/{id}'s body; a null component is left out of the JSON
 * (absent).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArticleBody(String title, String content, List<Long> categoryIds) {

    /** Without {@code categoryIds} (absent). */
    public ArticleBody(String title, String content) {
        this(title, content, null);
    }
}
