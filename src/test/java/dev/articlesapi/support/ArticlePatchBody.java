package dev.articlesapi.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * PATCH /articles/{id}'s body: a null component is left out of the JSON, so the article
 * keeps that value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArticlePatchBody(String title, String content, List<Long> categoryIds) {

    public static ArticlePatchBody title(String title) {
        return new ArticlePatchBody(title, null, null);
    }

    public static ArticlePatchBody content(String content) {
        return new ArticlePatchBody(null, content, null);
    }

    public static ArticlePatchBody categoryIds(List<Long> categoryIds) {
        return new ArticlePatchBody(null, null, categoryIds);
    }
}
