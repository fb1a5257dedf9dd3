package dev.articlesapi.article;

import dev.articlesapi.web.Text;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of POST and PUT; an absent {@code categoryIds} means none. An {@code authorId} in
 * the body is ignored.
 */
record ArticleRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 100_000) String content,
        List<@NotNull @Positive Long> categoryIds) {

    ArticleRequest {
        title = Text.trim(title);
        content = Text.trim(content);
        if (categoryIds == null) {
            categoryIds = List.of();
        }
    }
}
