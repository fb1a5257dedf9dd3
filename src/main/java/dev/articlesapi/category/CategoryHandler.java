package dev.articlesapi.category;

import dev.articlesapi.web.Caller;
import static org.springframework.web.reactive.function.server.ServerResponse.created;
import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.web.PathVars;
import dev.articlesapi.web.RequestBodies;
import java.net.URI;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

@Component
class CategoryHandler {

    private final CategoryService service;
    private final RequestBodies bodies;

    CategoryHandler(CategoryService service, RequestBodies bodies) {
        this.service = service;
        this.bodies = bodies;
        bodies.warm(CategoryRequest.class);
    }

    Mono<ServerResponse> list(ServerRequest req) {
        return service.findAll().collectList().flatMap(all -> ok().bodyValue(all));
    }

    Mono<ServerResponse> details(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return service.details(id).flatMap(d -> ok().bodyValue(d));
    }

    Mono<ServerResponse> create(ServerRequest req) {
        return Mono.zip(Caller.of(req), bodies.valid(req, CategoryRequest.class))
                .flatMap(t -> service.create(t.getT1(), t.getT2()))
                .flatMap(c -> created(URI.create("/categories/" + c.id())).bodyValue(c));
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
