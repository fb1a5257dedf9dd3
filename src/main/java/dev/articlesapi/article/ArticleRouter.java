package dev.articlesapi.article;

import static org.springframework.web.reactive.function.server.RequestPredicates.accept;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class ArticleRouter {

    /**
     * JSON before streams: a request without Accept (or with {@code *}/{@code *}) matches
     * every accept predicate.
     */
    @Bean
    RouterFunction<ServerResponse> articleRoutes(ArticleHandler h) {
        return route().GET("/articles/events", h::events)
            .GET("/articles", accept(MediaType.APPLICATION_JSON), h::page)
            .GET("/articles", accept(MediaType.APPLICATION_NDJSON, MediaType.TEXT_EVENT_STREAM), h::stream)
            .GET("/articles", h::page)
            .GET("/articles/{id}", h::details)
            .POST("/articles", h::create)
            .PUT("/articles/{id}", h::replace)
            .PATCH("/articles/{id}", h::patch)
            .DELETE("/articles/{id}", h::delete)
            .PUT("/articles/{id}/categories/{categoryId}", h::link)
            .DELETE("/articles/{id}/categories/{categoryId}", h::unlink)
            .build();
    }

}
