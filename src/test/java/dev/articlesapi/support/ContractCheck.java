package dev.articlesapi.support;

import com.networknt.schema.AbsoluteIri;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every response a test receives against the OpenAPI document the running API
 * serves: the status is one the operation documents, the media type is one documented for
 * that status, its required headers are there, and the body (each line of NDJSON, the
 * data of each server-sent event) is valid against the documented schema (JSON Schema
 * 2020-12 in the OpenAPI 3.1 dialect, formats asserted). Requests to paths the document
 * does not describe (actuator, the document itself, unknown routes) are not checked.
 *
 * <p>
 * One instance per test: {@link #mismatches()} are the ones that test saw. Bodies are
 * checked as they arrive, so a stream the test cancels is checked up to where it stopped.
 */
public final class ContractCheck implements ExchangeFilterFunction {

    private static final String DOCUMENT_IRI = "https://articles-api.test/v3/api-docs";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Map<String, Document> DOCUMENTS = new ConcurrentHashMap<>();

    /** Across the whole test run: responses, NDJSON lines and events checked. */
    public static final AtomicLong RESPONSES = new AtomicLong();

    public static final AtomicLong LINES = new AtomicLong();

    public static final AtomicLong EVENTS = new AtomicLong();

    static {
        // the run's figures, in target/ (a forked test JVM's output at exit may not reach
        // the build's log)
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            String line = "%d responses checked against /v3/api-docs (%d NDJSON lines, %d server-sent events)%n"
                .formatted(RESPONSES.get(), LINES.get(), EVENTS.get());
            try {
                Files.writeString(Path.of("target", "contract-check.txt"), line);
            }
            catch (IOException e) {
                System.err.print(line);
            }
        }));
    }

    private final Document document;

    private final List<String> mismatches = new ArrayList<>();

    private ContractCheck(Document document) {
        this.document = document;
    }

    /**
     * A check against the document served as {@code documentJson} (read once per distinct
     * document).
     */
    public static ContractCheck of(String documentJson) {
        return new ContractCheck(DOCUMENTS.computeIfAbsent(documentJson, Document::new));
    }

    /** A check against the document that the API behind {@code client} serves. */
    public static ContractCheck servedBy(WebTestClient client) {
        return of(client.get()
            .uri("/v3/api-docs")
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(String.class)
            .returnResult()
            .getResponseBody());
    }

    public synchronized List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    private synchronized void mismatch(String what) {
        mismatches.add(what);
    }

    @Override
    public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
        return next.exchange(request).map(response -> {
            if (request.headers().containsHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD)) {
                return response; // a CORS preflight, answered by CORS's rules
            }
            String method = request.method().name();
            String path = request.url().getRawPath();
            boolean head = HttpMethod.HEAD.equals(request.method());
            Operation operation = document
                .operation(head ? document.root.path("x-methods").path("head").asString() : method, path);
            String exchange = method + " " + path + " -> " + response.statusCode().value();
            HttpHeaders headers = response.headers().asHttpHeaders();
            Body body;
            if (operation != null) {
                body = operation.expect(response.statusCode().value(), headers, exchange, this::mismatch);
            }
            else {
                String template = document.template(path);
                if (template == null) {
                    return response;
                }
                body = document.otherMethod(template, path, method, response.statusCode().value(), headers, exchange,
                        this::mismatch);
            }
            RESPONSES.incrementAndGet();
            if (head) {
                return response.mutate()
                    .body(flux -> flux.doOnNext(buffer -> mismatch(exchange + ": a body in the answer to HEAD")))
                    .build();
            }
            if (body == null) {
                return response;
            }
            return response.mutate().body(flux -> flux.doOnNext(body::accept).doOnComplete(body::complete)).build();
        });
    }

    /**
     * The parsed document and its operations, most specific path first
     * ({@code /articles/events} before {@code /articles/{id}}).
     */
    private static final class Document {

        final JsonNode root;

        final SchemaRegistry registry;

        final List<Operation> operations = new ArrayList<>();

        final Map<String, Schema> schemas = new ConcurrentHashMap<>();

        Document(String json) {
            root = JSON.readTree(json);
            registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                    builder -> builder.schemas(Map.of(DOCUMENT_IRI, json))
                        .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
            for (var path : root.path("paths").properties()) {
                for (var method : path.getValue().properties()) {
                    if (method.getValue().has("responses")) {
                        operations.add(new Operation(this, path.getKey(), method.getKey(), method.getValue()));
                    }
                }
            }
            operations
                .sort(Comparator.comparingLong((Operation o) -> o.template.chars().filter(c -> c == '{').count()));
        }

        Operation operation(String method, String path) {
            return operations.stream().filter(o -> o.matches(method, path)).findFirst().orElse(null);
        }

        /** The most specific documented path that the request's path is. */
        String template(String path) {
            return operations.stream()
                .filter(o -> o.pattern.matcher(path).matches())
                .map(Operation::template)
                .findFirst()
                .orElse(null);
        }

        /**
         * The {@code Allow} that {@code x-methods} promises for a path: the methods of
         * every documented path it is (PUT /articles/events is PUT /articles/{id}, a
         * 400), HEAD with GET, and OPTIONS.
         */
        Set<String> allow(String path) {
            Set<String> allow = new TreeSet<>();
            operations.stream()
                .filter(o -> o.pattern.matcher(path).matches())
                .forEach(o -> allow.add(o.method.toUpperCase(Locale.ROOT)));
            if (allow.contains("GET")) {
                allow.add("HEAD");
            }
            allow.add("OPTIONS");
            return allow;
        }

        /**
         * A method that the documented path does not take: OPTIONS answers
         * {@code x-methods.options}, another method {@code x-methods.otherMethods}, both
         * with the path's {@code Allow}.
         */
        Body otherMethod(String template, String path, String method, int status, HttpHeaders headers, String exchange,
                Consumer<String> mismatch) {
            String rule = "OPTIONS".equals(method) ? "options" : "otherMethods";
            Operation operation = new Operation(this, template, method.toLowerCase(Locale.ROOT),
                    JSON.createObjectNode()
                        .set("responses", JSON.createObjectNode()
                            .set("OPTIONS".equals(method) ? "204" : "405", root.path("x-methods").path(rule))));
            Body body = operation.expect(status, headers, exchange, mismatch);
            Set<String> allow = new TreeSet<>();
            headers.getAllow().forEach(m -> allow.add(m.name()));
            if (!allow.equals(allow(path))) {
                mismatch.accept(exchange + ": Allow " + allow + " is not the documented " + allow(path));
            }
            return body;
        }

        /** Follows a local {@code $ref} (components/responses, components/headers). */
        JsonNode resolve(JsonNode node) {
            while (node.has("$ref")) {
                node = root.at(node.path("$ref").asString().substring(1));
            }
            return node;
        }

        Schema schema(List<String> pointer) {
            return schemas.computeIfAbsent(String.join("\u0000", pointer), key -> {
                SchemaLocation location = new SchemaLocation(AbsoluteIri.of(DOCUMENT_IRI));
                for (String segment : pointer) {
                    location = location.append(segment);
                }
                return registry.getSchema(location);
            });
        }

    }

    private record Operation(Document document, String template, String method, JsonNode node, Pattern pattern) {

        Operation(Document document, String template, String method, JsonNode node) {
            this(document, template, method, node, Pattern.compile(template.replaceAll("\\{[^/]+}", "[^/]+")));
        }

        boolean matches(String requestMethod, String path) {
            return method.equalsIgnoreCase(requestMethod) && pattern.matcher(path).matches();
        }

        /**
         * Checks status and headers; answers how to check the body, or null when there is
         * nothing to check.
         */
        Body expect(int status, HttpHeaders headers, String exchange, Consumer<String> mismatch) {
            String code = String.valueOf(status);
            JsonNode responses = node.path("responses");
            String key = responses.has(code) ? code : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX"
                    : responses.has("default") ? "default" : null;
            if (key == null && document.root.path("x-methods").path("everyOperation").has(code)) {
                responses = document.root.path("x-methods").path("everyOperation");
                key = code;
            }
            if (key == null) {
                mismatch.accept(exchange + ": status not documented for " + method.toUpperCase() + " " + template);
                return null;
            }
            JsonNode response = document.resolve(responses.path(key));
            for (var header : response.path("headers").properties()) {
                JsonNode declared = document.resolve(header.getValue());
                if (declared.path("required").asBoolean() && !headers.containsHeader(header.getKey())) {
                    mismatch.accept(exchange + ": required header " + header.getKey() + " missing");
                }
            }
            MediaType type = headers.getContentType();
            JsonNode content = response.path("content");
            if (status == 304) {
                return null;
            }
            if (type == null) {
                return new Body(exchange, null, null, mismatch);
            }
            String media = type.getType() + "/" + type.getSubtype();
            if (!content.has(media)) {
                mismatch.accept(exchange + ": Content-Type " + media + " not documented (documented: "
                        + content.propertyNames() + ")");
                return null;
            }
            JsonNode schema = content.path(media).path("schema");
            if (schema.isMissingNode()) {
                return null;
            }
            List<String> pointer = new ArrayList<>();
            if (responses.path(key).has("$ref")) {
                for (String part : responses.path(key).path("$ref").asString().substring(2).split("/")) {
                    pointer.add(part.replace("~1", "/").replace("~0", "~"));
                }
            }
            else {
                pointer.addAll(List.of("paths", template, method, "responses", key));
            }
            pointer.addAll(List.of("content", media, "schema"));
            return new Body(exchange, media, document.schema(pointer), mismatch);
        }
    }

    /** The body as it arrives: one JSON document, JSON lines, or server-sent events. */
    private static final class Body {

        private final String exchange;

        private final String media;

        private final Schema schema;

        private final Consumer<String> mismatch;

        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

        private int events;

        Body(String exchange, String media, Schema schema, Consumer<String> mismatch) {
            this.exchange = exchange;
            this.media = media;
            this.schema = schema;
            this.mismatch = mismatch;
        }

        synchronized void accept(DataBuffer buffer) {
            int length = buffer.readableByteCount();
            ByteBuffer copy = ByteBuffer.allocate(length);
            buffer.toByteBuffer(buffer.readPosition(), copy, 0, length);
            pending.write(copy.array(), 0, length);
            if (schema == null) {
                return;
            }
            if (MediaType.APPLICATION_NDJSON_VALUE.equals(media)) {
                drain("\n", false);
            }
            else if (MediaType.TEXT_EVENT_STREAM_VALUE.equals(media)) {
                drain("\n\n", false);
            }
        }

        synchronized void complete() {
            if (schema == null) {
                if (pending.size() > 0) {
                    mismatch.accept(exchange + ": a body without Content-Type");
                }
                return;
            }
            if (MediaType.APPLICATION_NDJSON_VALUE.equals(media)) {
                drain("\n", true);
            }
            else if (MediaType.TEXT_EVENT_STREAM_VALUE.equals(media)) {
                drain("\n\n", true);
            }
            else {
                validate(pending.toString(StandardCharsets.UTF_8), exchange);
            }
        }

        /**
         * Checks every complete line or event in what has arrived (at the end, the rest
         * too).
         */
        private void drain(String separator, boolean end) {
            String text = pending.toString(StandardCharsets.UTF_8);
            int start = 0;
            for (int at = text.indexOf(separator); at >= 0; at = text.indexOf(separator, start)) {
                item(text.substring(start, at));
                start = at + separator.length();
            }
            if (end) {
                item(text.substring(start));
                start = text.length();
            }
            byte[] rest = text.substring(start).getBytes(StandardCharsets.UTF_8);
            pending.reset();
            pending.write(rest, 0, rest.length);
        }

        private void item(String item) {
            if (item.isBlank()) {
                return;
            }
            if (MediaType.APPLICATION_NDJSON_VALUE.equals(media)) {
                LINES.incrementAndGet();
                validate(item, exchange + " (line)");
                return;
            }
            StringBuilder data = new StringBuilder();
            for (String line : item.split("\n")) {
                if (line.startsWith("data:")) {
                    data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
                }
            }
            if (!data.isEmpty()) {
                EVENTS.incrementAndGet();
                validate(data.toString(), exchange + " (event " + ++events + ")");
            }
        }

        private void validate(String json, String where) {
            JsonNode value;
            try {
                value = JSON.readTree(json);
            }
            catch (RuntimeException e) {
                mismatch.accept(where + ": not JSON: " + e.getMessage());
                return;
            }
            for (var error : schema.validate(value)) {
                mismatch.accept(where + ": " + error + " in " + abbreviate(json));
            }
        }

        private static String abbreviate(String json) {
            return json.length() <= 300 ? json : json.substring(0, 300) + "...";
        }

    }

}
