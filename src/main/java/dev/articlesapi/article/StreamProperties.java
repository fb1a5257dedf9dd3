package dev.articlesapi.article;

import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param maxListings NDJSON and SSE listings of GET /articles open at once, per instance;
 * more get 503 ({@code STREAMS_MAX_LISTINGS})
 * @param maxSubscribers GET /articles/events subscribers at once, per instance; more get
 * 503 ({@code EVENTS_MAX_SUBSCRIBERS})
 */
@Validated
@ConfigurationProperties("articles.streams")
record StreamProperties(@Positive int maxListings, @Positive int maxSubscribers) {
}
