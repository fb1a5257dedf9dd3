package dev.articlesapi.article;

import static org.springframework.web.reactive.function.server.ServerResponse.created;
import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import dev.articlesapi.web.ConcurrencyLimit;
import dev.articlesapi.web.PathVars;
import dev.articlesapi.web.QueryParams;
import dev.articlesapi.web.RequestBodies;
import java.net.URI;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@Component
class ArticleHandler {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    static final int MAX_SEARCH = 200;

    private static final ParameterizedTypeReference<ServerSentEvent<Article>> ARTICLE_EVENT = new ParameterizedTypeReference<>() {
    };

    private final ArticleService service;

    private final ArticleEventStream events;

    private final RequestBodies bodies;

    private final ConcurrencyLimit listings;

    private final ConcurrencyLimit subscribers;

    private final boolean requireIfMatch;

    ArticleHandler(ArticleService service, ArticleEventStream events, RequestBodies bodies, StreamProperties streams,
            WriteProperties writes) {
        this.service = service;
        this.requireIfMatch = writes.requireIfMatch();
        this.events = events;
        this.bodies = bodies;
        bodies.warm(ArticleRequest.class, ArticlePatch.class);
        this.listings = new ConcurrencyLimit("article streams", streams.maxListings());
        this.subscribers = new ConcurrencyLimit("event subscriptions", streams.maxSubscribers());
    }

    /**
     * Every matching article as NDJSON lines or SSE events, in id order, with
     * backpressure.
     */
    Mono<ServerResponse> stream(ServerRequest req) {
        ArticleFilter filter = filter(req);
        if (req.queryParam("offset").isPresent()) {
            throw ApiException.invalid("offset", "is not supported on streams; use after (keyset) instead");
        }
        long limit = QueryParams.range(req, "limit", 1, Long.MAX_VALUE, Long.MAX_VALUE);
        Flux<Article> articles = listings.run(() -> service.stream(filter, limit));
        if (req.headers().accept().stream().anyMatch(MediaType.TEXT_EVENT_STREAM::isCompatibleWith)) {
            return ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .body(articles.map(a -> ServerSentEvent.builder(a).id(Long.toString(a.id())).build()), ARTICLE_EVENT);
        }
        return ok().contentType(MediaType.APPLICATION_NDJSON).body(articles, Article.class);
    }

    /**
     * Live article events; resumes after Last-Event-ID; a heartbeat comment keeps idle
     * connections open. Each event is written as the frame encoded once for all
     * subscribers ({@link ArticleEvent#frame()}), wrapped, not copied.
     */
    Mono<ServerResponse> events(ServerRequest req) {
        // The starting point is fixed before the response starts: whatever a client
        // changes after it has seen
        // the stream open (its first heartbeat) is delivered to it.
        return events.start(lastEventId(req))
            .flatMap(start -> ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .body((response, context) -> response
                    .writeWith(subscribers.run(() -> events.after(start)).map(response.bufferFactory()::wrap))));
    }

    private static Long lastEventId(ServerRequest req) {
        String raw = req.headers().firstHeader("Last-Event-ID");
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            long id = Long.parseLong(raw.strip());
            if (id >= 0) {
                return id;
            }
        }
        catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.invalid("Last-Event-ID", "must be an event id");
    }

    Mono<ServerResponse> page(ServerRequest req) {
        ArticleFilter filter = filter(req);
        int limit = (int) QueryParams.range(req, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
        long offset = QueryParams.range(req, "offset", 0, Long.MAX_VALUE, 0);
        return service.page(filter, limit, offset).flatMap(p -> ok().bodyValue(p));
    }

    Mono<ServerResponse> details(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return service.details(id).flatMap(d -> ok().eTag(d.etag()).bodyValue(d.body()));
    }

    Mono<ServerResponse> create(ServerRequest req) {
        return Mono.zip(Caller.of(req), bodies.valid(req, ArticleRequest.class))
            .flatMap(t -> service.create(t.getT1(), t.getT2()))
            .flatMap(a -> created(URI.create("/articles/" + a.body().id())).eTag(a.etag()).bodyValue(a.body()));
    }

    Mono<ServerResponse> replace(ServerRequest req) {
        long id = PathVars.id(req, "id");
        IfMatch ifMatch = IfMatch.of(req, requireIfMatch);
        return Mono.zip(Caller.of(req), bodies.valid(req, ArticleRequest.class))
            .flatMap(t -> service.replace(t.getT1(), id, ifMatch, t.getT2()))
            .flatMap(a -> ok().eTag(a.etag()).bodyValue(a.body()));
    }

    Mono<ServerResponse> patch(ServerRequest req) {
        long id = PathVars.id(req, "id");
        IfMatch ifMatch = IfMatch.of(req, requireIfMatch);
        return Mono.zip(Caller.of(req), bodies.valid(req, ArticlePatch.class))
            .flatMap(t -> service.patch(t.getT1(), id, ifMatch, t.getT2()))
            .flatMap(a -> ok().eTag(a.etag()).bodyValue(a.body()));
    }

    Mono<ServerResponse> delete(ServerRequest req) {
        long id = PathVars.id(req, "id");
        IfMatch ifMatch = IfMatch.of(req, requireIfMatch);
        return Caller.of(req).flatMap(caller -> service.delete(caller, id, ifMatch)).then(noContent().build());
    }

    Mono<ServerResponse> link(ServerRequest req) {
        long id = PathVars.id(req, "id");
        long categoryId = PathVars.id(req, "categoryId");
        IfMatch ifMatch = IfMatch.of(req, requireIfMatch);
        return Caller.of(req)
            .flatMap(caller -> service.link(caller, id, ifMatch, categoryId))
            .flatMap(version -> noContent().eTag(Versioned.etag(version)).build());
    }

    Mono<ServerResponse> unlink(ServerRequest req) {
        long id = PathVars.id(req, "id");
        long categoryId = PathVars.id(req, "categoryId");
        IfMatch ifMatch = IfMatch.of(req, requireIfMatch);
        return Caller.of(req)
            .flatMap(caller -> service.unlink(caller, id, ifMatch, categoryId))
            .flatMap(version -> noContent().eTag(Versioned.etag(version)).build());
    }

    static ArticleFilter filter(ServerRequest req) {
        return new ArticleFilter(QueryParams.positiveId(req, "authorId"), QueryParams.positiveId(req, "categoryId"),
                QueryParams.text(req, "search", MAX_SEARCH),
                req.queryParam("after").isPresent() ? QueryParams.range(req, "after", 0, Long.MAX_VALUE, 0) : null);
    }

}
