package dev.articlesapi.web;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param name the cookie that carries the access token ({@code COOKIE_NAME})
 * @param refreshName the cookie that carries the refresh token, sent to POST
 * /authentication/refresh only ({@code REFRESH_COOKIE_NAME})
 * @param secure whether both get the Secure attribute ({@code COOKIE_SECURE}; set it
 * behind HTTPS)
 */
@Validated
@ConfigurationProperties("articles.cookie")
public record CookieProperties(@NotBlank String name, @NotBlank String refreshName, boolean secure) {
}
