package dev.articlesapi.article;

import static org.springframework.web.reactive.function.server.ServerResponse.created;
import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.auth.Auth;
import dev.articlesapi.web.PathVars;
import dev.articlesapi.web.QueryParams;
import dev.articlesapi.web.RequestBodies;
import java.net.URI;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

@Component
class ArticleHandler {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final ArticleService service;
    private final RequestBodies bodies;

    ArticleHandler(ArticleService service, RequestBodies bodies) {
        this.service = service;
        this.bodies = bodies;
    }

    Mono<ServerResponse> page(ServerRequest req) {
        ArticleFilter filter = filter(req);
        int limit = (int) QueryParams.range(req, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        long offset = QueryParams.range(req, "offset", 0, Long.MAX_VALUE, 0);
        return service.page(filter, limit, offset).flatMap(p -> ok().bodyValue(p));
    }

    Mono<ServerResponse> details(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return service.details(id).flatMap(d -> ok().bodyValue(d));
    }

    Mono<ServerResponse> create(ServerRequest req) {
        return Mono.zip(Auth.user(req), bodies.valid(req, ArticleRequest.class))
                .flatMap(t -> service.create(t.getT1(), t.getT2()))
                .flatMap(a -> created(URI.create("/articles/" + a.id())).bodyValue(a));
    }

    Mono<ServerResponse> replace(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return Mono.zip(Auth.user(req), bodies.valid(req, ArticleRequest.class))
                .flatMap(t -> service.replace(t.getT1(), id, t.getT2()))
                .flatMap(a -> ok().bodyValue(a));
    }

    Mono<ServerResponse> patch(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return Mono.zip(Auth.user(req), bodies.valid(req, ArticlePatch.class))
                .flatMap(t -> service.patch(t.getT1(), id, t.getT2()))
                .flatMap(a -> ok().bodyValue(a));
    }

    Mono<ServerResponse> delete(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return Auth.user(req).flatMap(caller -> service.delete(caller, id)).then(noContent().build());
    }

    Mono<ServerResponse> link(ServerRequest req) {
        long id = PathVars.id(req, "id");
        long categoryId = PathVars.id(req, "categoryId");
        return Auth.user(req).flatMap(caller -> service.link(caller, id, categoryId)).then(noContent().build());
    }

    Mono<ServerResponse> unlink(ServerRequest req) {
        long id = PathVars.id(req, "id");
        long categoryId = PathVars.id(req, "categoryId");
        return Auth.user(req).flatMap(caller -> service.unlink(caller, id, categoryId)).then(noContent().build());
    }

    static ArticleFilter filter(ServerRequest req) {
        return new ArticleFilter(QueryParams.positiveId(req, "authorId"), QueryParams.positiveId(req, "categoryId"),
                null, req.queryParam("after").isPresent()
                        ? QueryParams.range(req, "after", 0, Long.MAX_VALUE, 0) : null);
    }
}
