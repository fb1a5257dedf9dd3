package dev.articlesapi.article;

import static dev.articlesapi.web.OpenApiConfig.BEARER_AUTH;
import static dev.articlesapi.web.OpenApiConfig.COOKIE_AUTH;
import static dev.articlesapi.web.OpenApiConfig.INVALID_BODY;
import static dev.articlesapi.web.OpenApiConfig.INVALID_ID;
import static dev.articlesapi.web.OpenApiConfig.NOT_JSON;
import static dev.articlesapi.web.OpenApiConfig.TAG_ARTICLES;
import static dev.articlesapi.web.OpenApiConfig.TOO_LARGE;
import static dev.articlesapi.web.OpenApiConfig.UNAUTHORIZED;
import static org.springframework.web.reactive.function.server.RequestPredicates.accept;
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
import java.util.List;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

@Configuration(proxyBeanMethods = false)
class ArticleRouter {

    /** JSON before streams: a request without Accept (or with {@code *}/{@code *}) matches every accept predicate. */
    @Bean
    @RouterOperations({
            @RouterOperation(path = "/articles/events", method = RequestMethod.GET,
                    produces = MediaType.TEXT_EVENT_STREAM_VALUE, operation = @Operation(
                    operationId = "articleEvents", summary = "Live article events", tags = TAG_ARTICLES,
                    description = """
                            A text/event-stream of `article-created`, `article-updated` and `article-deleted` \
                            events. Each has an increasing `id:`; its `data:` is an ArticleWithCategoryIds, or \
                            `{"id": ...}` for a deleted article. Comment lines are sent as heartbeats. A client that \
                            reconnects with Last-Event-ID resumes right after that event, without a gap.""",
                    parameters = @Parameter(in = ParameterIn.HEADER, name = "Last-Event-ID",
                            description = "Resume after this event id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The event stream",
                                    content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                                            schema = @Schema(description = "The data of one event",
                                                    oneOf = {ArticleWithCategoryIds.class, DeletedArticle.class}))),
                            @ApiResponse(responseCode = "400", description = "Last-Event-ID is not an event id")})),
            @RouterOperation(path = "/articles", method = RequestMethod.GET, produces = {
                    MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE,
                    MediaType.TEXT_EVENT_STREAM_VALUE}, operation = @Operation(
                    operationId = "listArticles", summary = "List or stream articles", tags = TAG_ARTICLES,
                    description = """
                            Articles matching every given filter, ordered by id. With Accept: application/json (or \
                            none) one Page; with application/x-ndjson or text/event-stream every matching article, \
                            one per line or event (the event id is the article id), streamed with backpressure.""",
                    parameters = {
                            @Parameter(in = ParameterIn.QUERY, name = "authorId",
                                    description = "Only articles by this user",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                            @Parameter(in = ParameterIn.QUERY, name = "categoryId",
                                    description = "Only articles in this category",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                            @Parameter(in = ParameterIn.QUERY, name = "search",
                                    description = "Full-text search in title and content (at most 200 characters)",
                                    schema = @Schema(type = "string", maxLength = 200)),
                            @Parameter(in = ParameterIn.QUERY, name = "limit", description = """
                                    Page size, 1-100 (default 20); on streams optional, any positive number \
                                    (default: every match)""",
                                    schema = @Schema(type = "integer", minimum = "1")),
                            @Parameter(in = ParameterIn.QUERY, name = "offset",
                                    description = "Rows to skip (default 0); pages only, a 400 on streams",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "0")),
                            @Parameter(in = ParameterIn.QUERY, name = "after",
                                    description = "Keyset: only articles with an id greater than this",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "0"))},
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The page, or the stream of articles",
                                    content = {
                                            @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                                    schema = @Schema(implementation = ArticlePage.class)),
                                            @Content(mediaType = MediaType.APPLICATION_NDJSON_VALUE,
                                                    schema = @Schema(implementation = Article.class)),
                                            @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                                                    schema = @Schema(implementation = Article.class))}),
                            @ApiResponse(responseCode = "400",
                                    description = "A query value the route does not take (limit=0, offset on a stream)")})),
            @RouterOperation(path = "/articles/{id}", method = RequestMethod.GET, operation = @Operation(
                    operationId = "getArticle", summary = "An article with its author and categories",
                    tags = TAG_ARTICLES,
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "Article id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The article",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = ArticleDetails.class))),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "404", description = "No such article")})),
            @RouterOperation(path = "/articles", method = RequestMethod.POST, operation = @Operation(
                    operationId = "createArticle", summary = "Create an article", tags = TAG_ARTICLES,
                    description = "The author is the caller, never the body.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ArticleRequest.class))),
                    responses = {
                            @ApiResponse(responseCode = "201", description = "Created",
                                    headers = @Header(name = "Location", description = "/articles/{id}",
                                            schema = @Schema(type = "string")),
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = ArticleWithCategoryIds.class))),
                            @ApiResponse(responseCode = "400",
                                    description = INVALID_BODY + "; unknown category ids (nothing is written)"),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON)})),
            @RouterOperation(path = "/articles/{id}", method = RequestMethod.PUT, operation = @Operation(
                    operationId = "replaceArticle", summary = "Replace an article", tags = TAG_ARTICLES,
                    description = "Author or admin. The category set becomes exactly categoryIds (absent = none).",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "Article id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ArticleRequest.class))),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The article as replaced",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = ArticleWithCategoryIds.class))),
                            @ApiResponse(responseCode = "400",
                                    description = INVALID_BODY
                                            + "; an invalid id; unknown category ids (nothing is written)"),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Neither the author nor an admin"),
                            @ApiResponse(responseCode = "404", description = "No such article"),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON)})),
            @RouterOperation(path = "/articles/{id}", method = RequestMethod.PATCH, operation = @Operation(
                    operationId = "patchArticle", summary = "Change some fields of an article", tags = TAG_ARTICLES,
                    description = "Author or admin. Absent fields keep their values; present ones validate as in POST.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "Article id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    requestBody = @RequestBody(required = true, content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = ArticlePatch.class))),
                    responses = {
                            @ApiResponse(responseCode = "200", description = "The article as changed",
                                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = ArticleWithCategoryIds.class))),
                            @ApiResponse(responseCode = "400",
                                    description = INVALID_BODY
                                            + "; an invalid id; unknown category ids (nothing is written)"),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Neither the author nor an admin"),
                            @ApiResponse(responseCode = "404", description = "No such article"),
                            @ApiResponse(responseCode = "413", description = TOO_LARGE),
                            @ApiResponse(responseCode = "415", description = NOT_JSON)})),
            @RouterOperation(path = "/articles/{id}", method = RequestMethod.DELETE, operation = @Operation(
                    operationId = "deleteArticle", summary = "Delete an article", tags = TAG_ARTICLES,
                    description = "Author or admin. Its category links go with it.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true,
                            description = "Article id",
                            schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                    responses = {
                            @ApiResponse(responseCode = "204", description = "Deleted"),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Neither the author nor an admin"),
                            @ApiResponse(responseCode = "404", description = "No such article")})),
            @RouterOperation(path = "/articles/{id}/categories/{categoryId}", method = RequestMethod.PUT,
                    operation = @Operation(
                    operationId = "linkArticleCategory", summary = "Put an article in a category",
                    tags = TAG_ARTICLES, description = "Author or admin. Idempotent.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = {
                            @Parameter(in = ParameterIn.PATH, name = "id", required = true, description = "Article id",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                            @Parameter(in = ParameterIn.PATH, name = "categoryId", required = true,
                                    description = "Category id",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "1"))},
                    responses = {
                            @ApiResponse(responseCode = "204", description = "The article is in the category"),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Neither the author nor an admin"),
                            @ApiResponse(responseCode = "404", description = "No such article or category")})),
            @RouterOperation(path = "/articles/{id}/categories/{categoryId}", method = RequestMethod.DELETE,
                    operation = @Operation(
                    operationId = "unlinkArticleCategory", summary = "Take an article out of a category",
                    tags = TAG_ARTICLES, description = "Author or admin. Idempotent.",
                    security = {@SecurityRequirement(name = COOKIE_AUTH), @SecurityRequirement(name = BEARER_AUTH)},
                    parameters = {
                            @Parameter(in = ParameterIn.PATH, name = "id", required = true, description = "Article id",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "1")),
                            @Parameter(in = ParameterIn.PATH, name = "categoryId", required = true,
                                    description = "Category id",
                                    schema = @Schema(type = "integer", format = "int64", minimum = "1"))},
                    responses = {
                            @ApiResponse(responseCode = "204", description = "The article is not in the category"),
                            @ApiResponse(responseCode = "400", description = INVALID_ID),
                            @ApiResponse(responseCode = "401", description = UNAUTHORIZED),
                            @ApiResponse(responseCode = "403", description = "Neither the author nor an admin"),
                            @ApiResponse(responseCode = "404", description = "No such article")}))})
    RouterFunction<ServerResponse> articleRoutes(ArticleHandler h) {
        return route()
                .GET("/articles/events", h::events)
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

    /** The JSON answer of GET /articles, for the OpenAPI document only (the handler answers a {@code Page}). */
    @Schema(name = "ArticlePage", description = "One page of articles; count counts every match, not just this page")
    record ArticlePage(List<Article> items, long count, int limit, long offset) {}

    /** The data of an article-deleted event, for the OpenAPI document only. */
    @Schema(name = "DeletedArticle", description = "The data of an article-deleted event")
    record DeletedArticle(long id) {}
}
