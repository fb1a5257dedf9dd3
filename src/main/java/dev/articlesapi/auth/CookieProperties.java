package dev.articlesapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param name   the cookie that carries the token ({@code COOKIE_NAME})
 * @param secure whether it gets the Secure attribute ({@code COOKIE_SECURE}; set it behind HTTPS)
 */
@ConfigurationProperties("articles.cookie")
record CookieProperties(String name, boolean secure) {}
