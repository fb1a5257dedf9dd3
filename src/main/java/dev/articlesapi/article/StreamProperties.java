package dev.articlesapi.article;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param maxListings    NDJSON and SSE listings of GET /articles open at once, per instance; more get 503
 * @param maxSubscribers GET /articles/events subscribers at once, per instance; more get 503
 */
@ConfigurationProperties("articles.streams")
record StreamProperties(int maxListings, int maxSubscribers) {}
