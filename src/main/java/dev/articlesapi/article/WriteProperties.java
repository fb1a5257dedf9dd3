package dev.articlesapi.article;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param requireIfMatch a write of an article (PUT, PATCH, DELETE, its category links)
 * without {@code If-Match} gets 428 ({@code REQUIRE_IF_MATCH})
 */
@Validated
@ConfigurationProperties("articles.writes")
record WriteProperties(boolean requireIfMatch) {
}
