package dev.articlesapi.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The API's top-level settings.
 *
 * @param requestTimeout a request whose answer has not started by then is cancelled and
 * answered 503 with Retry-After ({@code REQUEST_TIMEOUT})
 * @param anonymousMaxBodySize sign-up and log-in bodies (open to anyone) larger than this
 * are refused with 413 ({@code ANONYMOUS_MAX_BODY_SIZE})
 * @param embeddedDatabase set at start-up, not by hand: whether the API runs its own
 * embedded PostgreSQL (no database configured), which allows the development defaults of
 * the JWT secret and the admin account
 */
@Validated
@ConfigurationProperties("articles")
public record ApiProperties(@NotNull Duration requestTimeout, @NotNull DataSize anonymousMaxBodySize,
        boolean embeddedDatabase) {
}
