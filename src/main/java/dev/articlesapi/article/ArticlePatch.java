package dev.articlesapi.article;

import dev.articlesapi.web.Text;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Body of PATCH: a null (absent) field keeps its value; present ones validate as in POST.
 */
record ArticlePatch(@Size(min = 1, max = 200, message = "must be between 1 and 200 characters") String title,
        @Size(min = 1, max = 100_000, message = "must be between 1 and 100000 characters") String content,
        List<@NotNull @Positive Long> categoryIds) {

    ArticlePatch {
        title = Text.trim(title);
        content = Text.trim(content);
    }
}
