package dev.articlesapi.category;

import static dev.articlesapi.web.OpenApiConfig.BEARER_AUTH;
import static dev.articlesapi.web.OpenApiConfig.COOKIE_AUTH;
import static dev.articlesapi.web.OpenApiConfig.INVALID_BODY;
import static dev.articlesapi.web.OpenApiConfig.INVALID_ID;
import static dev.articlesapi.web.OpenApiConfig.NOT_JSON;
import static dev.articlesapi.web.OpenApiConfig.TAG_CATEGORIES;
import static dev.articlesapi.web.OpenApiConfig.TOO_LARGE;
import static dev.articlesapi.web.OpenApiConfig.UNAUTHORIZED;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

import dev.articlesapi.article.Category;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
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
class CategoryRouter {

    @Bean
    @RouterOperations({
            @RouterOperation(path = "/categories", method = RequestMethod.GET, operation = @Operation(
                    operationId = "listCategories", summary = "Every category, sorted by id", tags = TAG_CATEGORIES,
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The categories",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            array = @ArraySchema(schema = @Schema(implementation = Category.class))))})),
            @RouterOperation(path = "/categories/{id}", method = RequestMethod.GET, operation = @Operation(
                    operationId = "getCategory", summary = "A category with its articles", tags = TAG_CATEGORIES,
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "Category id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The category; articles sorted by id",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = CategoryDetails.class))),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "404", description = "No such category")})),
            @RouterOperation(path = "/categories", method = RequestMethod.POST, operation = @Operation(
                    operationId = "createCategory", summary = "Create a category", tags = TAG_CATEGORIES,
                    description = "Admins only.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CategoryRequest.class))),
                    responses = {
                            @ApiResponse(responseCode = "201", description = "Created",
                                    headers = @Header(name = "Location", description = "/categories/{id}",
                                            schema = @Schema(type = "string")),
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = Category.class))),
                            @ApiResponse(responseCode = "400", description = INVALID_BODY),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Not an admin"),
                            @ApiResponse(responseCode = "409", description = "A category with that name exists"),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON)})),
            @RouterOperation(path = "/categories/{id}", method = RequestMethod.PUT, operation = @Operation(
                    operationId = "renameCategory", summary = "Rename a category", tags = TAG_CATEGORIES,
                    description = "Admins only.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "Category id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = CategoryRequest.class))),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The renamed category",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = Category.class))),
                            @ApiResponse(responseCode = "400", description = INVALID_BODY + "; an invalid id"),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Not an admin"),
                            @ApiResponse(responseCode = "404", description = "No such category"),
                            @ApiResponse(responseCode = "409", description = "Another category has that name"),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON)})),
            @RouterOperation(path = "/categories/{id}", method = RequestMethod.DELETE, operation = @Operation(
                    operationId = "deleteCategory", summary = "Delete a category", tags = TAG_CATEGORIES,
                    description = "Admins only. Its links to articles go with it; the articles stay.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "Category id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    responses = {
                            @ApiResponse(responseCode = "204", description = "Deleted"),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Not an admin"),
                            @ApiResponse(responseCode = "404", description = "No such category")}))})
    RouterFunction<ServerResponse> categoryRoutes(CategoryHandler h) {
        return route()
                .GET("/categories", h::list)
                .GET("/categories/{id}", h::details)
                .POST("/categories", h::create)
                .PUT("/categories/{id}", h::rename)
                .DELETE("/categories/{id}", h::delete)
                .build();
    }
}
