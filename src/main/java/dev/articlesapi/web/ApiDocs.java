package dev.articlesapi.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document at {@code /v3/api-docs}: {@code openapi.yaml}, written by hand and
 * checked in next to the code, served as JSON. It is read once at start-up, with the
 * configured cookie names put into its security schemes, and kept as bytes. A test proves
 * that its operations are exactly the routes the routers serve, and every response the
 * integration tests receive is validated against it.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    static final String PATH = "/v3/api-docs";
    static final String SOURCE = "openapi.yaml";

    @Bean
    RouterFunction<ServerResponse> apiDocsRoute(JsonMapper json, CookieProperties cookies) {
        byte[] document = json.writeValueAsBytes(read(cookies.name(), cookies.refreshName()));
        return RouterFunctions.route()
            .GET(PATH, request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(document))
            .build();
    }

    static ObjectNode read(String cookieName, String refreshName) {
        try (InputStream in = new ClassPathResource(SOURCE).getInputStream()) {
            ObjectNode document = (ObjectNode) new YAMLMapper().readTree(in);
            ObjectNode schemes = (ObjectNode) document.path("components").path("securitySchemes");
            ((ObjectNode) schemes.get("cookieAuth")).put("name", cookieName);
            ((ObjectNode) schemes.get("refreshCookie")).put("name", refreshName);
            return document;
        }
        catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + SOURCE, e);
        }
    }

}
