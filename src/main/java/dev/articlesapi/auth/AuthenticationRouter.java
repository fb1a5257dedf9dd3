package dev.articlesapi.auth;

import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class AuthenticationRouter {

    @Bean
    RouterFunction<ServerResponse> authenticationRoutes(AuthenticationHandler h) {
        return route().POST("/authentication/sign-up", h::signUp)
            .POST("/authentication/log-in", h::logIn)
            .POST("/authentication/refresh", h::refresh)
            .POST("/authentication/log-out", h::logOut)
            .GET("/authentication", h::me)
            .build();
    }

}
