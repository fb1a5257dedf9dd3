package dev.articlesapi.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How an instance leaves a load balancer.
 *
 * @param delay how long a stopping instance goes on serving, not ready, before it ends
 * its event streams and closes its port: long enough for the load balancer's health check
 * to take it out ({@code SHUTDOWN_DELAY}; 0 behind none)
 */
@Validated
@ConfigurationProperties("articles.shutdown")
public record ShutdownProperties(@NotNull Duration delay) {

    public ShutdownProperties {
        if (delay != null && delay.isNegative()) {
            throw new IllegalArgumentException("articles.shutdown.delay must not be negative");
        }
    }

}
