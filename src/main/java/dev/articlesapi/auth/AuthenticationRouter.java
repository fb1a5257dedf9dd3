package dev.articlesapi.auth;

import static dev.articlesapi.web.OpenApiConfig.BEARER_AUTH;
import static dev.articlesapi.web.OpenApiConfig.COOKIE_AUTH;
import static dev.articlesapi.web.OpenApiConfig.INVALID_BODY;
import static dev.articlesapi.web.OpenApiConfig.NOT_JSON;
import static dev.articlesapi.web.OpenApiConfig.REFRESH_COOKIE;
import static dev.articlesapi.web.OpenApiConfig.RETRY_AFTER;
import static dev.articlesapi.web.OpenApiConfig.TAG_AUTH;
import static dev.articlesapi.web.OpenApiConfig.TOO_LARGE;
import static dev.articlesapi.web.OpenApiConfig.UNAUTHORIZED;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.articlesapi.user.PrivateUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class AuthenticationRouter {

    /** The cookies of log-in and refresh. */
    private static final String SIGNED_IN_COOKIES = "Authentication=<JWT>; HttpOnly; Path=/; Max-Age=<seconds>; "
            + "SameSite=Strict, and Refresh=<token>; HttpOnly; Path=/authentication/refresh; Max-Age=<seconds>; "
            + "SameSite=Strict";

    @Bean
    @RouterOperations({
            @RouterOperation(path = "/authentication/sign-up", method = RequestMethod.POST, operation = @Operation(
                    operationId = "signUp", summary = "Sign up", tags = TAG_AUTH,
                    description = "Creates a user (role user), with an address when one is given. Log in afterwards.",
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SignUpRequest.class))),
                    responses = {
                            @ApiResponse(responseCode = "201", description = "Signed up",
                                    headers = @Header(name = "Location", description = "/users/{id}",
                                            schema = @Schema(type = "string")),
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PrivateUser.class))),
                            @ApiResponse(responseCode = "400", description = INVALID_BODY),
                            @ApiResponse(responseCode = "409", description = "The email is already registered"),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON),
                            @ApiResponse(responseCode = "429", description = "Too many sign-ups from this address",
                                    headers = @Header(name = "Retry-After", description = RETRY_AFTER,
                                            schema = @Schema(type = "integer")))})),
            @RouterOperation(path = "/authentication/log-in", method = RequestMethod.POST, operation = @Operation(
                    operationId = "logIn", summary = "Log in", tags = TAG_AUTH,
                    description = """
                            Answers with the user and sets the JWT in an HttpOnly, SameSite=Strict cookie (Secure \
                            when configured). The same JWT may be sent as Authorization: Bearer instead. Each attempt \
                            spends from per-email, per-email-and-address and per-address budgets before the \
                            password is checked (429 once one is spent).""",
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = LogInRequest.class))),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "Logged in",
                                    headers = @Header(name = "Set-Cookie", description = SIGNED_IN_COOKIES,
                                            schema = @Schema(type = "string")),
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PrivateUser.class))),
                            @ApiResponse(responseCode = "400",
                                    description = INVALID_BODY
                                            + "; \"Wrong credentials provided\" for a wrong email or password"),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON),
                            @ApiResponse(responseCode = "429", description = "Too many failed log-in attempts",
                                    headers = @Header(name = "Retry-After", description = RETRY_AFTER,
                                            schema = @Schema(type = "integer")))})),
            @RouterOperation(path = "/authentication/refresh", method = RequestMethod.POST, operation = @Operation(
                    operationId = "refresh", summary = "Refresh the session", tags = TAG_AUTH,
                    description = """
                            Exchanges the refresh token of the Refresh cookie (HttpOnly, SameSite=Strict, sent to \
                            this path only) for a new access token and the next refresh token of the session: each \
                            refresh token works once. A refresh token presented again after its rotation ends its \
                            whole session; within a few seconds of the rotation (two tabs refreshing at once) it is \
                            refused without that.""",
                    security = @SecurityRequirement(name = REFRESH_COOKIE),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "Refreshed",
                                    headers = @Header(name = "Set-Cookie", description = SIGNED_IN_COOKIES,
                                            schema = @Schema(type = "string")),
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PrivateUser.class))),
                            @ApiResponse(responseCode = "401", description = "No refresh cookie, or its token is "
                                    + "unknown, expired, revoked or already used (the cookie is then cleared)")})),
            @RouterOperation(path = "/authentication/log-out", method = RequestMethod.POST, operation = @Operation(
                    operationId = "logOut", summary = "Log out", tags = TAG_AUTH,
                    description = "Revokes every access and refresh token of the caller and clears both cookies.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    responses = {
                            @ApiResponse(responseCode = "204", description = "Logged out",
                                    headers = @Header(name = "Set-Cookie",
                                            description = "Authentication=; Max-Age=0 and Refresh=; Max-Age=0: "
                                                    + "clear the cookies",
                                            schema = @Schema(type = "string"))),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED)})),
            @RouterOperation(path = "/authentication", method = RequestMethod.GET, operation = @Operation(
                    operationId = "currentUser", summary = "The signed-in user", tags = TAG_AUTH,
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The signed-in user, with address",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PrivateUser.class))),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED)}))})
    RouterFunction<ServerResponse> authenticationRoutes(AuthenticationHandler h) {
        return route()
                .POST("/authentication/sign-up", h::signUp)
                .POST("/authentication/log-in", h::logIn)
                .POST("/authentication/refresh", h::refresh)
                .POST("/authentication/log-out", h::logOut)
                .GET("/authentication", h::me)
                .build();
    }
}
