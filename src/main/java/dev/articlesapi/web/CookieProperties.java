package dev.articlesapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param name        the cookie that carries the access token ({@code COOKIE_NAME})
 * @param refreshName the cookie that carries the refresh token, sent to POST /authentication/refresh only
 *                    ({@code REFRESH_COOKIE_NAME})
 * @param secure      whether both get the Secure attribute ({@code COOKIE_SECURE}; set it behind HTTPS)
 */
@ConfigurationProperties("articles.cookie")
record CookieProperties(String name, String refreshName, boolean secure) {}
