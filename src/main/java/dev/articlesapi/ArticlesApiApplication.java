package dev.articlesapi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Callers sign in with the API's own tokens only (no basic or form log-in), so Boot's
 * in-memory user, and the generated password it would log at start, is left out.
 */
@SpringBootApplication(exclude = ReactiveUserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class ArticlesApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(ArticlesApiApplication.class, args);
    }

}
