package dev.articlesapi.web;

import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's title, version, tags and security schemes. The operations themselves are declared next to
 * their routes, with {@code @RouterOperation} on each router bean; the constants here keep those declarations short
 * and consistent, and {@link #problemResponses()} adds what every operation shares: the Problem body of each error
 * response, and the 503 that any route answers while the database is out of reach.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfig {

    /** The media type of every error body. */
    public static final String PROBLEM = "application/problem+json";

    /** Security scheme: the JWT in the {@code Authentication} cookie that log-in sets. */
    public static final String COOKIE_AUTH = "cookieAuth";
    /** Security scheme: the same JWT in {@code Authorization: Bearer <JWT>}. */
    public static final String BEARER_AUTH = "bearerAuth";
    /** Security scheme: the refresh token in the cookie that log-in sets for POST /authentication/refresh only. */
    public static final String REFRESH_COOKIE = "refreshCookie";

    public static final String TAG_AUTH = "Authentication";
    public static final String TAG_USERS = "Users";
    public static final String TAG_ARTICLES = "Articles";
    public static final String TAG_CATEGORIES = "Categories";

    public static final String INVALID_ID = "A path id that is not a positive integer";
    public static final String INVALID_BODY =
            "Malformed JSON, wrong JSON types, or failed validation (the failing fields are listed in errors)";
    public static final String UNAUTHORIZED = "Not signed in, or the token is invalid, expired or revoked";
    public static final String TOO_LARGE = "The body is larger than the configured limit (1 MiB by default)";
    public static final String NOT_JSON = "The body is not application/json";
    public static final String UNAVAILABLE = "The database cannot be reached; retry after Retry-After seconds";
    public static final String RETRY_AFTER = "Seconds to wait before trying again";

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            var components = openApi.getComponents();
            ModelConverters.getInstance().read(Problem.class).forEach(components::addSchemas);
            var problem = new Content().addMediaType(PROBLEM, new MediaType()
                    .schema(new Schema<>().$ref("#/components/schemas/" + Problem.class.getSimpleName())));
            openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
                ApiResponses responses = operation.getResponses();
                responses.computeIfAbsent("503", code -> new ApiResponse().description(UNAVAILABLE)
                        .addHeaderObject("Retry-After", new Header().description(RETRY_AFTER)
                                .schema(new Schema<>().type("integer"))));
                responses.forEach((code, response) -> {
                    if ((code.startsWith("4") || code.startsWith("5")) && response.getContent() == null) {
                        response.setContent(problem);
                    }
                });
            }));
        };
    }

    @Bean
    OpenAPI articlesOpenApi(@Value("${articles.cookie.name:Authentication}") String cookieName,
                            @Value("${articles.cookie.refresh-name:Refresh}") String refreshCookieName) {
        return new OpenAPI()
                .info(new Info()
                        .title("Articles API")
                        .version("0.1.0")
                        .description("""
                                Reactive publishing API: users with an optional address, articles with one author \
                                and any number of categories, and categories.

                                Sign up, then log in: log-in answers with a short-lived JWT in an HttpOnly `%s` \
                                cookie and a refresh token in an HttpOnly `%s` cookie that only \
                                POST /authentication/refresh receives; refresh exchanges it for a new JWT and the \
                                next refresh token. A request is signed in when it carries a valid token in that cookie or in \
                                `Authorization: Bearer <JWT>`. Operations with a security requirement need a signed-in \
                                caller; changing an article needs its author or an admin, changing categories needs \
                                an admin.

                                Every error is an RFC 9457 `application/problem+json` Problem; validation failures \
                                list the failing fields in `errors`. JSON field names are camelCase, ids are \
                                positive integers and times are ISO-8601 UTC strings; input strings are trimmed.
                                """.formatted(cookieName, refreshCookieName)))
                .addTagsItem(new Tag().name(TAG_AUTH)
                        .description("Sign-up, log-in, refresh, log-out and the signed-in user"))
                .addTagsItem(new Tag().name(TAG_USERS).description("Users and their one address"))
                .addTagsItem(new Tag().name(TAG_ARTICLES)
                        .description("Articles, their listings and streams, their categories and live events"))
                .addTagsItem(new Tag().name(TAG_CATEGORIES).description("Categories; changed by admins only"))
                .components(new Components()
                        .addSecuritySchemes(COOKIE_AUTH, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE)
                                .name(cookieName)
                                .description("The JWT that log-in sets in an HttpOnly cookie"))
                        .addSecuritySchemes(BEARER_AUTH, new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .bearerFormat("JWT")
                                .description("The same JWT in an Authorization: Bearer header"))
                        .addSecuritySchemes(REFRESH_COOKIE, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.COOKIE)
                                .name(refreshCookieName)
                                .description("The refresh token that log-in and refresh set in an HttpOnly cookie "
                                        + "sent to POST /authentication/refresh only")));
    }
}
