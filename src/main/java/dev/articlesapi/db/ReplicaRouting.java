package dev.articlesapi.db;

import dev.articlesapi.web.CookieProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

/**
 * What only replicas need: the {@link ReadAfter} filter, so that without
 * {@code DATABASE_READ_URL} no request passes one more filter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${articles.database.read-url:}'.isBlank()")
class ReplicaRouting {

    @Bean
    WebFilter readAfter(Replicas replicas, CookieProperties cookies) {
        return new ReadAfter(replicas, cookies);
    }

}
