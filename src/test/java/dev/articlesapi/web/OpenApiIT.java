package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.server.PathContainer;
import org.springframework.web.reactive.function.server.HandlerFunction;
import org.springframework.web.reactive.function.server.RequestPredicate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The published OpenAPI document is the checked-in {@code openapi.yaml}; its operations
 * are exactly the routes the routers serve, what it says about signing in is what the
 * security chain does, and every error is a Problem. (That every response matches it is
 * checked on every response of every integration test: {@code ContractCheck}.) The
 * document and Swagger UI are open to anonymous callers.
 */
class OpenApiIT extends ApiTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Autowired
    private JsonMapper json;

    @Autowired
    private ApplicationContext context;

    private JsonNode doc;

    @BeforeEach
    void fetchDocument() {
        byte[] body = http.get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
            .expectBody()
            .returnResult()
            .getResponseBody();
        doc = json.readTree(body);
    }

    @Test
    void theServedDocumentIsTheCheckedInFileWithTheConfiguredCookieNames() {
        assertThat(doc.path("openapi").asString()).startsWith("3.1");
        assertThat(doc.path("info").path("title").asString()).isEqualTo("Articles API");
        JsonNode file = ApiDocs.read("Authentication", "Refresh");
        assertThat(doc).isEqualTo(json.readTree(json.writeValueAsBytes(file)));
        assertThat(ApiDocs.read("Session", "Renew").at("/components/securitySchemes/cookieAuth/name").asString())
            .isEqualTo("Session");
    }

    @Test
    void documentedOperationsAreExactlyTheRoutesTheRoutersServe() {
        Set<String> served = new TreeSet<>();
        for (RouterFunction<?> router : context.getBeansOfType(RouterFunction.class).values()) {
            router.accept(new RouteCollector(served));
        }
        served.remove("GET " + ApiDocs.PATH);
        assertThat(operations()).containsExactlyInAnyOrderElementsOf(served);
        assertThat(served).hasSize(23);
    }

    /**
     * Allow (of OPTIONS and of a 405) is, path by path, the methods the routers serve
     * (HEAD with GET, OPTIONS): asked of the running API on every path the routers serve,
     * and compared with what the routers say, not with a list.
     */
    @Test
    void allowIsWhatTheRoutersServeOnEveryPath() {
        Set<String> served = new TreeSet<>();
        for (RouterFunction<?> router : context.getBeansOfType(RouterFunction.class).values()) {
            router.accept(new RouteCollector(served));
        }
        // every route whose path the URI is: PUT /articles/events is PUT /articles/{id}
        Map<String, Set<String>> byPath = new TreeMap<>();
        for (String route : served) {
            String uri = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^/]+}", "1");
            Set<String> methods = byPath.computeIfAbsent(uri, u -> new TreeSet<>());
            for (String other : served) {
                int space = other.indexOf(' ');
                if (PathPatternParser.defaultInstance.parse(other.substring(space + 1))
                    .matches(PathContainer.parsePath(uri))) {
                    methods.add(other.substring(0, space));
                }
            }
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
        }
        byPath.forEach((uri, methods) -> {
            String path = uri;
            HttpHeaders options = http.options()
                .uri(uri)
                .exchange()
                .expectStatus()
                .isNoContent()
                .returnResult(byte[].class)
                .getResponseHeaders();
            assertThat(names(options.getAllow())).as("OPTIONS " + path).isEqualTo(methods);
            HttpMethod other = Stream.of(HttpMethod.PATCH, HttpMethod.POST, HttpMethod.GET)
                .filter(m -> !methods.contains(m.name()))
                .findFirst()
                .orElseThrow();
            HttpHeaders refused = http.method(other)
                .uri(uri)
                .exchange()
                .expectStatus()
                .isEqualTo(405)
                .returnResult(byte[].class)
                .getResponseHeaders();
            assertThat(names(refused.getAllow())).as(other + " " + path).isEqualTo(methods);
        });
        assertThat(byPath).hasSizeGreaterThan(10);
    }

    private static Set<String> names(Set<HttpMethod> methods) {
        Set<String> names = new TreeSet<>();
        methods.forEach(m -> names.add(m.name()));
        return names;
    }

    @Test
    void everyOperationHasAUniqueIdASummaryATagAndASuccessResponse() {
        Set<String> ids = new TreeSet<>();
        for (String route : operations()) {
            JsonNode op = operation(route);
            assertThat(op.path("operationId").asString()).as(route).isNotBlank();
            assertThat(op.path("summary").asString()).as(route).isNotBlank();
            assertThat(op.path("tags").size()).as(route).isPositive();
            ids.add(op.path("operationId").asString());
            assertThat(op.path("responses").propertyNames()).as(route).anyMatch(code -> code.startsWith("2"));
        }
        assertThat(ids).hasSameSizeAs(operations());
    }

    /**
     * An operation whose every security requirement names a scheme needs a caller: signed
     * out, it answers 401. One that lists an empty requirement (or none) is open: signed
     * out, it answers anything but 401.
     */
    @Test
    void theDocumentedSecurityIsWhatTheServerEnforces() {
        for (String route : operations()) {
            JsonNode op = operation(route);
            assertThat(op.has("security") || doc.has("security")).as(route + " declares its security").isTrue();
            JsonNode security = op.has("security") ? op.path("security") : doc.path("security");
            boolean open = security.isEmpty();
            for (JsonNode requirement : security) {
                open |= requirement.isEmpty();
            }
            String method = route.substring(0, route.indexOf(' '));
            String uri = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^/]+}", "1");
            var request = http.method(HttpMethod.valueOf(method)).uri(uri);
            var response = op.has("requestBody")
                    ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange()
                    : request.exchange();
            int status = response.returnResult(byte[].class).getStatus().value();
            if (open) {
                assertThat(status).as(route + " is open").isNotEqualTo(401);
            }
            else {
                assertThat(status).as(route + " needs a caller").isEqualTo(401);
                assertThat(resolve(op.path("responses").path("401")).isMissingNode()).as(route).isFalse();
            }
        }
    }

    @Test
    void everyErrorResponseIsAProblemAndEveryOperationCanAnswer503() {
        for (String route : operations()) {
            JsonNode responses = operation(route).path("responses");
            for (var response : responses.properties()) {
                boolean refusedOrigin = response.getValue().path("$ref").asString().endsWith("/OriginRefused");
                if ((response.getKey().startsWith("4") || response.getKey().startsWith("5")) && !refusedOrigin) {
                    JsonNode content = resolve(response.getValue()).path("content");
                    assertThat(content.propertyNames()).as(route + " " + response.getKey())
                        .containsExactly("application/problem+json");
                    assertThat(content.path("application/problem+json").path("schema").path("$ref").asString())
                        .as(route + " " + response.getKey())
                        .isEqualTo("#/components/schemas/Problem");
                }
            }
            assertThat(responses.propertyNames()).as(route).contains("503");
            assertThat(resolve(responses.path("503")).path("headers").has("Retry-After")).as(route).isTrue();
        }
        assertThat(doc.at("/components/schemas/Problem/properties/errors/items/$ref").asString())
            .isEqualTo("#/components/schemas/FieldError");
        assertThat(doc.at("/components/schemas/FieldError/properties").propertyNames())
            .containsExactlyInAnyOrder("field", "message");
    }

    @Test
    void conditionalGetsAreDocumented() {
        for (String route : List.of("GET /articles", "GET /articles/{id}", "GET /categories", "GET /categories/{id}")) {
            JsonNode op = operation(route);
            assertThat(parameters(op, "header")).as(route).contains("If-None-Match");
            assertThat(resolve(op.path("responses").path("200")).path("headers").has("ETag")).as(route).isTrue();
            assertThat(op.path("responses").has("304")).as(route).isTrue();
        }
    }

    @Test
    void pathParametersAreDocumented() {
        for (String route : operations()) {
            String path = route.substring(route.indexOf(' ') + 1);
            List<String> expected = new ArrayList<>();
            for (var m = Pattern.compile("\\{([^/]+)}").matcher(path); m.find();) {
                expected.add(m.group(1));
            }
            assertThat(parameters(operation(route), "path")).as(route).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void swaggerUiIsServedToAnonymousCallers() {
        String page = http.get()
            .uri("/swagger-ui.html")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody();
        assertThat(page).contains("SwaggerUIBundle").contains("/v3/api-docs");
        // the page's files, from the swagger-ui webjar (HEAD: the bundle is over a
        // megabyte)
        for (String file : List.of("swagger-ui-bundle.js", "swagger-ui.css")) {
            http.head()
                .uri("/webjars/swagger-ui/" + file)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .value("Content-Length", length -> assertThat(Long.parseLong(length)).isPositive());
        }
    }

    /** "METHOD /path" of every operation in the document. */
    private Set<String> operations() {
        Set<String> documented = new TreeSet<>();
        for (var path : doc.path("paths").properties()) {
            for (String method : path.getValue().propertyNames()) {
                if (METHODS.contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }
        }
        return documented;
    }

    private JsonNode operation(String route) {
        int space = route.indexOf(' ');
        return doc.path("paths")
            .path(route.substring(space + 1))
            .path(route.substring(0, space).toLowerCase(Locale.ROOT));
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = doc.at(node.path("$ref").asString().substring(1));
        }
        return node;
    }

    private List<String> parameters(JsonNode operation, String in) {
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            JsonNode resolved = resolve(parameter);
            if (resolved.path("in").asString().equals(in)) {
                names.add(resolved.path("name").asString());
            }
        }
        return names;
    }

    /**
     * "METHOD /path" of each route a router function serves (its method and path
     * predicates; Accept aside).
     */
    private static final class RouteCollector implements RouterFunctions.Visitor, RequestPredicates.Visitor {

        private final Set<String> routes;

        private final List<String> methods = new ArrayList<>();

        private final StringBuilder path = new StringBuilder();

        RouteCollector(Set<String> routes) {
            this.routes = routes;
        }

        @Override
        public void route(RequestPredicate predicate, HandlerFunction<?> handler) {
            methods.clear();
            path.setLength(0);
            predicate.accept(this);
            methods.forEach(method -> routes.add(method + " " + path));
        }

        @Override
        public void method(Set<HttpMethod> set) {
            set.forEach(m -> methods.add(m.name()));
        }

        @Override
        public void path(String pattern) {
            path.append(pattern);
        }

        @Override
        public void startNested(RequestPredicate predicate) {
            throw new AssertionError("nested routes are not collected: " + predicate);
        }

        @Override
        public void endNested(RequestPredicate predicate) {
        }

        @Override
        public void resources(Function<ServerRequest, Mono<Resource>> lookup) {
        }

        @Override
        public void attributes(Map<String, Object> attributes) {
        }

        @Override
        public void unknown(RouterFunction<?> routerFunction) {
            throw new AssertionError("a router function that cannot be visited: " + routerFunction);
        }

        @Override
        public void pathExtension(String extension) {
        }

        @Override
        public void header(String name, String value) {
        }

        @Override
        public void queryParam(String name, String value) {
        }

        @Override
        public void version(String version) {
        }

        @Override
        public void startAnd() {
        }

        @Override
        public void and() {
        }

        @Override
        public void endAnd() {
        }

        @Override
        public void startOr() {
        }

        @Override
        public void or() {
        }

        @Override
        public void endOr() {
        }

        @Override
        public void startNegate() {
        }

        @Override
        public void endNegate() {
        }

        @Override
        public void unknown(RequestPredicate predicate) {
        }

    }

}
