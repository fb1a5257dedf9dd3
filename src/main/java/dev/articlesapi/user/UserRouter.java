package dev.articlesapi.user;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class UserRouter {

    @Bean
    RouterFunction<ServerResponse> userRoutes(UserHandler h) {
        return route().PUT("/users/me/address", h::putAddress)
            .DELETE("/users/me/address", h::deleteAddress)
            .GET("/users/{id}", h::find)
            .DELETE("/users/{id}", h::delete)
            .build();
    }

}
