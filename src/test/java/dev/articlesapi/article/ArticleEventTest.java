package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ArticleEventTest {

    @Test
    void anEventIsFramedAsTextEventStreamWritesIt() {
        assertThat(new String(ArticleEvent.frame(7, "article-created", "{\"id\":3}"), StandardCharsets.UTF_8))
            .isEqualTo("id:7\nevent:article-created\ndata:{\"id\":3}\n\n");
        assertThat(new String(ArticleEvent.frame(8, "x", "a\nb"), StandardCharsets.UTF_8))
            .isEqualTo("id:8\nevent:x\ndata:a\ndata:b\n\n");
    }

}
