package dev.articlesapi.category;

import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.article.ArticleRows;
import dev.articlesapi.article.Category;
import dev.articlesapi.idempotency.Answer;
import dev.articlesapi.idempotency.IdempotentCreates;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import dev.articlesapi.web.JsonBodies;
import dev.articlesapi.web.PathVars;
import dev.articlesapi.web.RequestBodies;
import java.net.URI;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Component
class CategoryHandler {

    private final CategoryService service;

    private final RequestBodies bodies;

    private final JsonBodies json;

    private final IdempotentCreates creates;

    CategoryHandler(CategoryService service, RequestBodies bodies, JsonBodies json, IdempotentCreates creates) {
        this.service = service;
        this.creates = creates;
        this.bodies = bodies;
        this.json = json;
        bodies.warm(CategoryRequest.class);
    }

    Mono<ServerResponse> list(ServerRequest req) {
        return service.findAll().collectList().flatMap(all -> ok().bodyValue(all));
    }

    Mono<ServerResponse> details(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return body(json, service.details(id), req.exchange().getResponse().bufferFactory())
            .switchIfEmpty(Mono.error(() -> ApiException.notFound("Category", id)))
            .flatMap(JsonBodies::ok);
    }

    /**
     * The category's body, {@code {"id":..,"name":..,"articles":[..]}} (as Jackson writes
     * {@code CategoryDetails}), written row by row: the category with the first row, then
     * each row's article; empty without rows.
     */
    static Mono<DataBuffer> body(JsonBodies json, Flux<ArticleRows.Joined<Category>> rows, DataBufferFactory buffers) {
        return json.write(rows, buffers, CategoryHandler::row,
                document -> document.generator().writeEndArray().writeEndObject());
    }

    private static void row(JsonBodies.Document document, ArticleRows.Joined<Category> row) {
        if (document.first()) {
            document.generator()
                .writeStartObject()
                .writeNumberProperty("id", row.head().id())
                .writeStringProperty("name", row.head().name())
                .writeArrayPropertyStart("articles");
        }
        if (row.article() != null) {
            document.value(row.article());
        }
    }

    /**
     * With an {@code Idempotency-Key}, the category and the key are written in one
     * transaction and a retry gets this answer again ({@link IdempotentCreates}).
     */
    Mono<ServerResponse> create(ServerRequest req) {
        String key = IdempotentCreates.key(req);
        return Mono.zip(Caller.of(req), bodies.valid(req, CategoryRequest.class))
            .flatMap(t -> creates.create(key, t.getT1(), "POST /categories", t.getT2(),
                    Mono.defer(() -> service.create(t.getT1(), t.getT2()))
                        .map(c -> Answer.created(URI.create("/categories/" + c.id()), creates.json(c)))));
    }

    Mono<ServerResponse> rename(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return Mono.zip(Caller.of(req), bodies.valid(req, CategoryRequest.class))
            .flatMap(t -> service.rename(t.getT1(), id, t.getT2()))
            .flatMap(c -> ok().bodyValue(c));
    }

    Mono<ServerResponse> delete(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return Caller.of(req).flatMap(caller -> service.delete(caller, id)).then(noContent().build());
    }

}
