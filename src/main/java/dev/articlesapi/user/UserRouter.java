package dev.articlesapi.user;

import static dev.articlesapi.web.OpenApiConfig.BEARER_AUTH;
import static dev.articlesapi.web.OpenApiConfig.COOKIE_AUTH;
import static dev.articlesapi.web.OpenApiConfig.INVALID_BODY;
import static dev.articlesapi.web.OpenApiConfig.INVALID_ID;
import static dev.articlesapi.web.OpenApiConfig.NOT_JSON;
import static dev.articlesapi.web.OpenApiConfig.TAG_USERS;
import static dev.articlesapi.web.OpenApiConfig.TOO_LARGE;
import static dev.articlesapi.web.OpenApiConfig.UNAUTHORIZED;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
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
class UserRouter {

    @Bean
    @RouterOperations({
            @RouterOperation(path = "/users/me/address", method = RequestMethod.PUT, operation = @Operation(
                    operationId = "putAddress", summary = "Set the caller's address", tags = TAG_USERS,
                    description = """
                            Creates the address when the caller has none, replaces it otherwise. Blank fields are \
                            stored as null.""",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = AddressRequest.class))),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The caller, with the new address",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = PrivateUser.class))),
                            @ApiResponse(responseCode = "400", description = INVALID_BODY),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON)})),
            @RouterOperation(path = "/users/me/address", method = RequestMethod.DELETE, operation = @Operation(
                    operationId = "deleteAddress", summary = "Delete the caller's address", tags = TAG_USERS,
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    responses = {
                            @ApiResponse(responseCode = "204", description = "The caller has no address"),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED)})),
            @RouterOperation(path = "/users/{id}", method = RequestMethod.GET, operation = @Operation(
                    operationId = "getUser", summary = "A user", tags = TAG_USERS,
                    description = """
                            Open to anyone: a PublicUser; a PrivateUser when the caller is signed in as that user \
                            or as an admin.""",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "User id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The user",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(oneOf = {PublicUser.class, PrivateUser.class}))),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "404", description = "No such user")})),
            @RouterOperation(path = "/users/{id}", method = RequestMethod.DELETE, operation = @Operation(
                    operationId = "deleteUser", summary = "Delete a user", tags = TAG_USERS,
                    description = "That user or an admin. The user's address is deleted with it.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "User id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    responses = {
                            @ApiResponse(responseCode = "204", description = "Deleted"),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Neither that user nor an admin"),
                            @ApiResponse(responseCode = "404", description = "No such user"),
                            @ApiResponse(responseCode = "409", description = "The user still authors articles")}))})
    RouterFunction<ServerResponse> userRoutes(UserHandler h) {
        return route()
                .PUT("/users/me/address", h::putAddress)
                .DELETE("/users/me/address", h::deleteAddress)
                .GET("/users/{id}", h::find)
                .DELETE("/users/{id}", h::delete)
                .build();
    }
}
