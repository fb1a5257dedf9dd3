package dev.articlesapi.article;

import static org.springframework.web.reactive.function.server.ServerResponse.noContent;
import static org.springframework.web.reactive.function.server.ServerResponse.ok;

import dev.articlesapi.idempotency.Answer;
import dev.articlesapi.idempotency.IdempotentCreates;
import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import dev.articlesapi.web.Handover;
import dev.articlesapi.web.ConcurrencyLimit;
import dev.articlesapi.web.Negotiation;
import dev.articlesapi.web.PathVars;
import dev.articlesapi.web.QueryParams;
import dev.articlesapi.web.RequestBodies;
import dev.articlesapi.web.Page;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
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

    private final IdempotentCreates creates;

    private final boolean requireIfMatch;

    ArticleHandler(ArticleService service, ArticleEventStream events, RequestBodies bodies, StreamProperties streams,
            IdempotentCreates creates, WriteProperties writes) {
        this.service = service;
        this.creates = creates;
        this.requireIfMatch = writes.requireIfMatch();
        this.events = events;
        this.bodies = bodies;
        bodies.warm(ArticleRequest.class, ArticlePatch.class);
        this.listings = new ConcurrencyLimit("article streams", streams.maxListings());
        this.subscribers = new ConcurrencyLimit("event subscriptions", streams.maxSubscribers());
    }

    /**
     * Every matching article as NDJSON lines or SSE events, in the chosen order, with
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
        // Only server-sent events: an Accept without them (application/json) is a 406.
        if (!Negotiation.allows(req.headers().accept(), MediaType.TEXT_EVENT_STREAM)) {
            return Mono.error(ApiException.notAcceptable());
        }
        // The starting point is fixed before the response starts: whatever a client
        // changes after it has seen the stream open (its first heartbeat) is delivered
        // to it.
        // detached once answered: else the stream would keep the starting statement's
        // conversation (its parsed SQL, the driver's two 256-slot message queues: 3 KB
        // per subscriber, bench/README.md) for its whole life
        Long lastEventId = lastEventId(req);
        if (HttpMethod.HEAD.equals(req.method())) {
            // GET's status and headers, at once: a HEAD that went through the stream
            // would wait for its end
            return ok().contentType(MediaType.TEXT_EVENT_STREAM).build();
        }
        // the stream is written past the request's chain (web/Handover): a subscriber
        // holds its connection and its stream, not the chain, for the stream's life
        return events.start(lastEventId)
            .onTerminateDetach()
            .flatMap(start -> ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .body((response, context) -> Mono.defer(() -> Handover.write(response, ArticleEventStream.opening(),
                        events.after(start), subscribers.permit()))));
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
        return service.page(filter, limit, offset)
            .flatMap(p -> p.more() ? ok().header(HttpHeaders.LINK, next(filter, limit, p.page())).bodyValue(p.page())
                    : ok().bodyValue(p.page()));
    }

    /**
     * The Link header of a page that more rows follow: the same filters, order and limit,
     * keyset from the page's last id. Offset pages link the same way (the offset is
     * dropped): the next page is then as cheap as this one whatever the offset, and rows
     * written or deleted meanwhile neither repeat nor skip one.
     */
    static String next(ArticleFilter filter, int limit, Page<Article> page) {
        StringBuilder uri = new StringBuilder("/articles?");
        if (filter.authorId() != null) {
            uri.append("authorId=").append(filter.authorId()).append('&');
        }
        if (filter.categoryId() != null) {
            uri.append("categoryId=").append(filter.categoryId()).append('&');
        }
        if (filter.search() != null) {
            uri.append("search=").append(queryValue(filter.search())).append('&');
        }
        if (filter.newestFirst()) {
            uri.append("sort=-id&");
        }
        uri.append("limit=").append(limit).append("&after=").append(page.items().get(page.items().size() - 1).id());
        return "<" + uri + ">; rel=\"next\"";
    }

    /**
     * A query value percent-encoded (a space as %20: the query is read without form
     * decoding, so a '+' would stay a '+').
     */
    private static String queryValue(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    Mono<ServerResponse> details(ServerRequest req) {
        long id = PathVars.id(req, "id");
        return service.details(id).flatMap(d -> ok().eTag(d.etag()).bodyValue(d.body()));
    }

    /**
     * With an {@code Idempotency-Key}, the article and the key are written in one
     * transaction and a retry gets this answer again ({@link IdempotentCreates}).
     */
    Mono<ServerResponse> create(ServerRequest req) {
        String key = IdempotentCreates.key(req);
        return Mono.zip(Caller.of(req), bodies.valid(req, ArticleRequest.class))
            .flatMap(t -> creates.create(key, t.getT1(), "POST /articles", t.getT2(),
                    Mono.defer(() -> service.create(t.getT1(), t.getT2())).map(this::created)));
    }

    /** The 201 of a create, as it is sent and replayed. */
    private Answer created(Versioned<ArticleWithCategoryIds> a) {
        Answer answer = Answer.created(URI.create("/articles/" + a.body().id()), creates.json(a.body()));
        answer.headers().setETag(a.etag());
        return answer;
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
                req.queryParam("after").isPresent() ? QueryParams.range(req, "after", 0, Long.MAX_VALUE, 0) : null,
                newestFirst(req));
    }

    /** {@code sort}: {@code id} (the default) or {@code -id}; else a 400 naming both. */
    private static boolean newestFirst(ServerRequest req) {
        String sort = req.queryParam("sort").orElse("id");
        if (sort.equals("id") || sort.equals("-id")) {
            return sort.equals("-id");
        }
        throw ApiException.invalid("sort", "must be one of: " + ArticleFilter.SORT_VALUES);
    }

}
