package dev.articlesapi.category;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.article.Article;
import dev.articlesapi.article.ArticleRows;
import dev.articlesapi.article.Category;
import dev.articlesapi.web.JsonBodies;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/**
 * GET /categories/{id} is written row by row: byte for byte what Jackson writes for the
 * assembled category.
 */
class CategoryBodyTest {

    private final JsonMapper mapper = JsonMapper.builder().build();

    private String written(List<ArticleRows.Joined<Category>> rows) {
        DataBuffer body = CategoryHandler
            .body(new JsonBodies(mapper), Flux.fromIterable(rows), DefaultDataBufferFactory.sharedInstance)
            .block();
        String json = body.toString(StandardCharsets.UTF_8);
        DataBufferUtils.release(body);
        return json;
    }

    @Test
    void aCategoryWithArticles() {
        Category category = new Category(7, "Java \u00e9 \"q\" \u001f");
        List<Article> articles = IntStream.range(1, 300)
            .mapToObj(i -> new Article(i, "T\u00e8 " + i, "c".repeat(700), i * 3L,
                    Instant.parse("2026-12-03T10:15:30.123456Z"), Instant.ofEpochSecond(1_800_000_000L + i)))
            .toList();

        String json = written(articles.stream().map(a -> new ArticleRows.Joined<>(category, a)).toList());

        assertThat(json).isEqualTo(mapper.writeValueAsString(new CategoryDetails(7, category.name(), articles)));
    }

    @Test
    void aCategoryWithoutArticlesIsOneRowWithoutArticle() {
        Category category = new Category(8, "Empty");

        assertThat(written(List.of(new ArticleRows.Joined<>(category, null))))
            .isEqualTo(mapper.writeValueAsString(new CategoryDetails(8, "Empty", List.of())))
            .isEqualTo("{\"id\":8,\"name\":\"Empty\",\"articles\":[]}");
    }

}
