package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published OpenAPI document describes every route of the HTTP contract (../shared/API.md): its method and path,
 * success and error responses, request body and sign-in requirement; and Swagger UI is served. Both are open to
 * anonymous callers.
 */
class OpenApiIT extends ApiTest {

    /** Every route of the contract, as OpenAPI writes it. */
    private static final List<String> ROUTES = List.of(
            "POST /authentication/sign-up",
            "POST /authentication/log-in",
            "POST /authentication/refresh",
            "POST /authentication/log-out",
            "GET /authentication",
            "PUT /users/me/address",
            "DELETE /users/me/address",
            "GET /users/{id}",
            "DELETE /users/{id}",
            "GET /articles/events",
            "GET /articles",
            "GET /articles/{id}",
            "POST /articles",
            "PUT /articles/{id}",
            "PATCH /articles/{id}",
            "DELETE /articles/{id}",
            "PUT /articles/{id}/categories/{categoryId}",
            "DELETE /articles/{id}/categories/{categoryId}",
            "GET /categories",
            "GET /categories/{id}",
            "POST /categories",
            "PUT /categories/{id}",
            "DELETE /categories/{id}");

    /** Routes that take a JSON body, with the schema of that body. */
    private static final List<List<String>> JSON_BODIES = List.of(
            List.of("POST /authentication/sign-up", "SignUpRequest"),
            List.of("POST /authentication/log-in", "LogInRequest"),
            List.of("PUT /users/me/address", "AddressRequest"),
            List.of("POST /articles", "ArticleRequest"),
            List.of("PUT /articles/{id}", "ArticleRequest"),
            List.of("PATCH /articles/{id}", "ArticlePatch"),
            List.of("POST /categories", "CategoryRequest"),
            List.of("PUT /categories/{id}", "CategoryRequest"));

    /** Routes that need a signed-in caller (SecurityConfig); every other route is open. */
    private static final Set<String> SIGNED_IN = Set.of(
            "POST /authentication/log-out",
            "GET /authentication",
            "PUT /users/me/address",
            "DELETE /users/me/address",
            "DELETE /users/{id}",
            "POST /articles",
            "PUT /articles/{id}",
            "PATCH /articles/{id}",
            "DELETE /articles/{id}",
            "PUT /articles/{id}/categories/{categoryId}",
            "DELETE /articles/{id}/categories/{categoryId}",
            "POST /categories",
            "PUT /categories/{id}",
            "DELETE /categories/{id}");

    @Autowired
    private JsonMapper json;

    private JsonNode doc;

    @BeforeEach
    void fetchDocument() {
        byte[] body = http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody().returnResult().getResponseBody();
        doc = json.readTree(body);
    }

    @Test
    void documentHasTitleVersionAndDescription() {
        assertThat(doc.path("openapi").asString()).startsWith("3.");
        assertThat(doc.path("info").path("title").asString()).isEqualTo("Articles API");
        assertThat(doc.path("info").path("version").asString()).isNotBlank();
        assertThat(doc.path("info").path("description").asString()).isNotBlank();
    }

    @Test
    void everyContractRouteAndNothingElseIsDocumented() {
        Set<String> documented = new TreeSet<>();
        for (var path : doc.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(ROUTES);
    }

    @Test
    void everyOperationHasAnIdASummaryAndASuccessResponse() {
        Set<String> ids = new TreeSet<>();
        for (String route : ROUTES) {
            JsonNode op = operation(route);
            assertThat(op.path("operationId").asString()).as(route).isNotBlank();
            assertThat(op.path("summary").asString()).as(route).isNotBlank();
            ids.add(op.path("operationId").asString());
            assertThat(op.path("responses").propertyNames()).as(route + " responses")
                    .anyMatch(code -> code.startsWith("2"));
        }
        assertThat(ids).as("operation ids are unique").hasSize(ROUTES.size());
    }

    @Test
    void routesTakingJsonDocumentTheirRequestBody() {
        for (List<String> entry : JSON_BODIES) {
            JsonNode body = operation(entry.get(0)).path("requestBody");
            assertThat(body.path("required").asBoolean()).as(entry.get(0)).isTrue();
            assertThat(body.path("content").path("application/json").path("schema").path("$ref").asString())
                    .as(entry.get(0)).isEqualTo("#/components/schemas/" + entry.get(1));
            assertThat(doc.path("components").path("schemas").has(entry.get(1))).as(entry.get(1)).isTrue();
        }
        List<String> withoutBody = new ArrayList<>(ROUTES);
        withoutBody.removeAll(JSON_BODIES.stream().map(e -> e.get(0)).toList());
        for (String route : withoutBody) {
            assertThat(operation(route).has("requestBody")).as(route).isFalse();
        }
    }

    @Test
    void representativeErrorStatusesAreDocumented() {
        assertThat(responseCodes("POST /articles")).contains("201", "400", "401", "413", "415", "503");
        assertThat(responseCodes("PUT /articles/{id}")).contains("200", "400", "401", "403", "404");
        assertThat(responseCodes("DELETE /users/{id}")).contains("204", "403", "404", "409");
        assertThat(responseCodes("POST /categories")).contains("201", "401", "403", "409");
        assertThat(responseCodes("POST /authentication/sign-up")).contains("201", "400", "409", "429");
        assertThat(responseCodes("POST /authentication/log-in")).contains("200", "400", "429");
        assertThat(responseCodes("GET /articles/{id}")).contains("200", "400", "404").doesNotContain("401");
        assertThat(responseCodes("GET /categories")).contains("200", "503");
    }

    @Test
    void everyErrorIsAProblem() {
        String problem = "#/components/schemas/Problem";
        assertThat(doc.path("components").path("schemas").path("Problem").path("properties").propertyNames())
                .contains("type", "title", "status", "detail", "instance", "errors");
        for (String route : ROUTES) {
            for (var response : operation(route).path("responses").properties()) {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    JsonNode content = response.getValue().path("content");
                    assertThat(content.propertyNames()).as(route + " " + response.getKey())
                            .containsExactly("application/problem+json");
                    assertThat(content.path("application/problem+json").path("schema").path("$ref").asString())
                            .as(route + " " + response.getKey()).isEqualTo(problem);
                }
            }
            assertThat(responseCodes(route)).as(route).contains("503");
        }
    }

    @Test
    void successResponsesNameTheirSchemas() {
        assertThat(successSchema("POST /authentication/sign-up", "201")).isEqualTo("PrivateUser");
        assertThat(successSchema("POST /authentication/log-in", "200")).isEqualTo("PrivateUser");
        assertThat(successSchema("POST /authentication/refresh", "200")).isEqualTo("PrivateUser");
        assertThat(successSchema("GET /authentication", "200")).isEqualTo("PrivateUser");
        assertThat(successSchema("PUT /users/me/address", "200")).isEqualTo("PrivateUser");
        assertThat(successSchema("GET /articles/{id}", "200")).isEqualTo("ArticleDetails");
        assertThat(successSchema("POST /articles", "201")).isEqualTo("ArticleWithCategoryIds");
        assertThat(successSchema("PUT /articles/{id}", "200")).isEqualTo("ArticleWithCategoryIds");
        assertThat(successSchema("PATCH /articles/{id}", "200")).isEqualTo("ArticleWithCategoryIds");
        assertThat(successSchema("GET /categories/{id}", "200")).isEqualTo("CategoryDetails");
        assertThat(successSchema("POST /categories", "201")).isEqualTo("Category");
        assertThat(successSchema("PUT /categories/{id}", "200")).isEqualTo("Category");
        assertThat(operation("GET /categories").path("responses").path("200").path("content")
                .path("application/json").path("schema").path("items").path("$ref").asString())
                .isEqualTo("#/components/schemas/Category");
        assertThat(operation("GET /users/{id}").path("responses").path("200").path("content")
                .path("application/json").path("schema").path("oneOf").findValuesAsString("$ref"))
                .containsExactlyInAnyOrder("#/components/schemas/PublicUser", "#/components/schemas/PrivateUser");
        for (String route : List.of("DELETE /articles/{id}", "DELETE /users/{id}", "DELETE /categories/{id}",
                "POST /authentication/log-out", "DELETE /users/me/address",
                "PUT /articles/{id}/categories/{categoryId}", "DELETE /articles/{id}/categories/{categoryId}")) {
            assertThat(responseCodes(route)).as(route).contains("204");
        }
    }

    @Test
    void articleListingDocumentsJsonPagesStreamsAndItsQueryParameters() {
        JsonNode op = operation("GET /articles");
        JsonNode content = op.path("responses").path("200").path("content");
        assertThat(content.propertyNames())
                .contains("application/json", "application/x-ndjson", "text/event-stream");
        assertThat(content.path("application/json").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/ArticlePage");
        assertThat(content.path("application/x-ndjson").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/Article");
        assertThat(content.path("text/event-stream").path("schema").path("$ref").asString())
                .isEqualTo("#/components/schemas/Article");
        assertThat(doc.path("components").path("schemas").path("ArticlePage").path("properties").propertyNames())
                .containsExactlyInAnyOrder("items", "count", "limit", "offset");
        assertThat(parameters(op, "query"))
                .containsExactlyInAnyOrder("authorId", "categoryId", "search", "limit", "offset", "after");
        assertThat(parameters(operation("GET /articles/events"), "header")).containsExactly("Last-Event-ID");
        assertThat(operation("GET /articles/events").path("responses").path("200").path("content")
                .has("text/event-stream")).isTrue();
    }

    @Test
    void pathIdsAreDocumentedParameters() {
        for (String route : ROUTES) {
            String path = route.substring(route.indexOf(' ') + 1);
            List<String> expected = new ArrayList<>();
            if (path.contains("{id}")) {
                expected.add("id");
            }
            if (path.contains("{categoryId}")) {
                expected.add("categoryId");
            }
            assertThat(parameters(operation(route), "path")).as(route).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void signedInRoutesRequireTheCookieOrABearerToken() {
        JsonNode schemes = doc.path("components").path("securitySchemes");
        assertThat(schemes.path("cookieAuth").path("type").asString()).isEqualTo("apiKey");
        assertThat(schemes.path("cookieAuth").path("in").asString()).isEqualTo("cookie");
        assertThat(schemes.path("cookieAuth").path("name").asString()).isEqualTo("Authentication");
        assertThat(schemes.path("bearerAuth").path("type").asString()).isEqualTo("http");
        assertThat(schemes.path("bearerAuth").path("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.path("refreshCookie").path("in").asString()).isEqualTo("cookie");
        assertThat(schemes.path("refreshCookie").path("name").asString()).isEqualTo("Refresh");
        assertThat(doc.has("security")).as("no document-wide requirement").isFalse();
        for (String route : ROUTES) {
            Set<String> schemesUsed = new TreeSet<>();
            for (JsonNode requirement : operation(route).path("security")) {
                schemesUsed.addAll(requirement.propertyNames());
            }
            if (SIGNED_IN.contains(route)) {
                assertThat(schemesUsed).as(route).containsExactlyInAnyOrder("cookieAuth", "bearerAuth");
                assertThat(responseCodes(route)).as(route).contains("401");
            } else if (route.equals("POST /authentication/refresh")) {
                assertThat(schemesUsed).as(route).containsExactly("refreshCookie");
                assertThat(responseCodes(route)).as(route).contains("200", "401");
            } else {
                assertThat(schemesUsed).as(route).isEmpty();
            }
        }
    }

    @Test
    void documentForAnotherLocaleIsBuiltWithoutBlockingTheEventLoop() {
        // springdoc builds (and caches) one document per request locale: a new locale means a new build
        byte[] body = http.get().uri("/v3/api-docs").header("Accept-Language", "fr-CA").exchange()
                .expectStatus().isOk()
                .expectBody().returnResult().getResponseBody();
        assertThat(json.readTree(body).path("paths").propertyNames())
                .containsExactlyInAnyOrderElementsOf(doc.path("paths").propertyNames());
    }

    @Test
    void swaggerUiIsServedToAnonymousCallers() {
        EntityExchangeResult<byte[]> result = http.get().uri("/swagger-ui.html").exchange()
                .expectBody().returnResult();
        URI ui = URI.create("/swagger-ui.html");
        if (result.getStatus().is3xxRedirection()) {
            ui = result.getResponseHeaders().getLocation();
            assertThat(ui).isNotNull();
        } else {
            assertThat(result.getStatus().value()).isEqualTo(200);
        }
        String page = http.get().uri(ui.toString()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).containsIgnoringCase("swagger-ui");
        // the page's script, rewritten by springdoc to load this API's configuration
        String initializer = http.get().uri(ui.resolve("swagger-initializer.js").toString()).exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(initializer).contains("/v3/api-docs/swagger-config");
        http.get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.url").isEqualTo("/v3/api-docs");
    }

    private JsonNode operation(String route) {
        int space = route.indexOf(' ');
        JsonNode op = doc.path("paths").path(route.substring(space + 1))
                .path(route.substring(0, space).toLowerCase(Locale.ROOT));
        assertThat(op.isObject()).as(route + " is documented").isTrue();
        return op;
    }

    private Set<String> responseCodes(String route) {
        return new TreeSet<>(operation(route).path("responses").propertyNames());
    }

    private String successSchema(String route, String code) {
        String ref = operation(route).path("responses").path(code).path("content").path("application/json")
                .path("schema").path("$ref").asString();
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    private static List<String> parameters(JsonNode op, String in) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : op.path("parameters")) {
            if (in.equals(p.path("in").asString())) {
                names.add(p.path("name").asString());
            }
        }
        return names;
    }
}
