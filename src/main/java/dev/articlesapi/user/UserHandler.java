package dev.articlesapi.user;

import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.web.Caller;
import dev.articlesapi.web.PathVars;
import dev.articlesapi.web.RequestBodies;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

@Component
class UserHandler {

    private static final Caller ANONYMOUS = new Caller(0, "anonymous");

    private final UserService service;

    private final RequestBodies bodies;

    UserHandler(UserService service, RequestBodies bodies) {
        this.service = service;
        this.bodies = bodies;
        bodies.warm(AddressRequest.class);
    }

    Mono<ServerResponse> find(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return Caller.optional(req)
            .defaultIfEmpty(ANONYMOUS)
            .flatMap(caller -> service.find(id, caller))
            .flatMap(u -> ok().bodyValue(u));
    }

    Mono<ServerResponse> putAddress(ServerRequest req) {
        return Mono.zip(Caller.of(req), bodies.valid(req, AddressRequest.class))
            .flatMap(t -> service.putAddress(t.getT1(), t.getT2()))
            .flatMap(u -> ok().bodyValue(u));
    }

    Mono<ServerResponse> deleteAddress(ServerRequest req) {
        return Caller.of(req).flatMap(service::deleteAddress).then(noContent().build());
    }

    Mono<ServerResponse> delete(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return Caller.of(req).flatMap(caller -> service.delete(id, caller)).then(noContent().build());
    }

}
