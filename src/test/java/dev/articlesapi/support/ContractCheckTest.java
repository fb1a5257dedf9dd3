package dev.articlesapi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import reactor.core.publisher.Mono;

/** The response check finds what contradicts a document, and only that. */
class ContractCheckTest {

    private static final String DOCUMENT = """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {
               "/things/{id}": {"get": {"responses": {
                 "200": {"description": "a thing", "headers": {"ETag": {"required": true, "schema": {"type": "string"}}},
                         "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
                 "404": {"$ref": "#/components/responses/Missing"}}}},
               "/things/events": {"get": {"responses": {
                 "200": {"description": "events", "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}},
               "/things": {"get": {"responses": {
                 "200": {"description": "lines", "content": {"application/x-ndjson": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
             "components": {
               "schemas": {"Thing": {"type": "object", "required": ["id", "name", "at"], "additionalProperties": false,
                 "properties": {"id": {"type": "integer", "minimum": 1}, "name": {"type": ["string", "null"]},
                                "at": {"type": "string", "format": "date-time"}}}},
               "responses": {"Missing": {"description": "none", "content": {"application/problem+json": {"schema": {"type": "object", "required": ["status"]}}}}}}}
            """;

    private static final String THING = "{\"id\": 1, \"name\": null, \"at\": \"2026-12-03T10:00:00Z\"}";

    private static ContractCheck check(String method, String path, ClientResponse response) {
        ContractCheck check = ContractCheck.of(DOCUMENT);
        ClientRequest request = ClientRequest.create(HttpMethod.valueOf(method), URI.create("http://h" + path)).build();
        check.filter(request, r -> Mono.just(response))
            .flatMap(r -> r.bodyToMono(String.class).then())
            .block(Duration.ofSeconds(5));
        return check;
    }

    private static ClientResponse.Builder ok(String type) {
        return ClientResponse.create(HttpStatus.OK).header("Content-Type", type);
    }

    @Test
    void aResponseAsDocumentedPasses() {
        assertThat(check("GET", "/things/1", ok("application/json").header("ETag", "\"x\"").body(THING).build())
            .mismatches()).isEmpty();
        assertThat(check("GET", "/things/2",
                ClientResponse.create(HttpStatus.NOT_FOUND)
                    .header("Content-Type", "application/problem+json")
                    .body("{\"status\": 404}")
                    .build())
            .mismatches()).isEmpty();
    }

    @Test
    void aBodyAgainstItsSchemaIsAMismatch() {
        String wrong = "{\"id\": 0, \"name\": 5, \"at\": \"yesterday\", \"extra\": true}";
        assertThat(check("GET", "/things/1", ok("application/json").header("ETag", "\"x\"").body(wrong).build())
            .mismatches()).hasSize(4);
    }

    @Test
    void anUndocumentedStatusMediaTypeOrMissingHeaderIsAMismatch() {
        assertThat(check("GET", "/things/1", ClientResponse.create(HttpStatus.CONFLICT).build()).mismatches())
            .singleElement()
            .asString()
            .contains("status not documented");
        assertThat(check("GET", "/things/1", ok("text/plain").header("ETag", "\"x\"").body("hi").build()).mismatches())
            .singleElement()
            .asString()
            .contains("text/plain not documented");
        assertThat(check("GET", "/things/1", ok("application/json").body(THING).build()).mismatches()).singleElement()
            .asString()
            .contains("ETag");
    }

    @Test
    void everyLineAndEveryEventIsChecked() {
        String lines = THING + "\n{\"id\": 2}\n" + THING + "\n";
        assertThat(check("GET", "/things", ok("application/x-ndjson").body(lines).build()).mismatches()).isNotEmpty()
            .allSatisfy(m -> assertThat(m).contains("(line)").contains("{\"id\": 2}"));
        String events = "id:1\nevent:thing\ndata:" + THING + "\n\n:heartbeat\n\nid:2\ndata:{\"id\": -1}\n\n";
        assertThat(check("GET", "/things/events", ok("text/event-stream").body(events).build()).mismatches())
            .isNotEmpty()
            .allSatisfy(m -> assertThat(m).contains("(event 2)"));
    }

    @Test
    void pathsTheDocumentDoesNotDescribeAreNotChecked() {
        assertThat(check("GET", "/actuator/health", ok("application/json").body("[]").build()).mismatches()).isEmpty();
    }

}
