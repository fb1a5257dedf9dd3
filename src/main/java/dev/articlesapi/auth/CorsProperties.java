package dev.articlesapi.auth;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param allowedOrigins origins allowed to call the API from a browser, with credentials;
 * none by default ({@code CORS_ALLOWED_ORIGINS}, comma-separated)
 */
@ConfigurationProperties("articles.cors")
record CorsProperties(List<String> allowedOrigins) {

    CorsProperties {
        allowedOrigins = allowedOrigins == null ? List.of()
                : allowedOrigins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }
}
