package dev.articlesapi.category;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class CategoryRouter {

    @Bean
    RouterFunction<ServerResponse> categoryRoutes(CategoryHandler h) {
        return route().GET("/categories", h::list)
            .GET("/categories/{id}", h::details)
            .POST("/categories", h::create)
            .PUT("/categories/{id}", h::rename)
            .DELETE("/categories/{id}", h::delete)
            .build();
    }

}
