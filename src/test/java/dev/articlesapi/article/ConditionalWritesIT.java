package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.AddressBody;
import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticlePatchBody;
import dev.articlesapi.support.ArticleWithCategoryIds;
import dev.articlesapi.support.CategoryBody;
import dev.articlesapi.support.Problem;
import io.r2dbc.spi.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * If-Match on the writes of an article (412 with the current ETag, nothing written, no
 * event), the ETag every write answers (the one GET answers next), the ETag of GET
 * /articles/{id} changing with everything its body shows, and REQUIRE_IF_MATCH.
 */
class ConditionalWritesIT extends ApiTest {

    private String ann;

    private long java;

    private long article;

    private String uri;

    @BeforeEach
    void anArticle() {
        db.sql("TRUNCATE article_events RESTART IDENTITY").then().block();
        signUp("ann@example.com");
        ann = logIn("ann@example.com");
        java = createCategory("Java");
        article = createArticle(ann, "Tagged", java);
        uri = "/articles/" + article;
    }

    /** GET /articles/{id}'s ETag, checked against the shape of an article's. */
    private String etag() {
        String etag = http.get()
            .uri(uri)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseHeaders()
            .getETag();
        assertThat(etag).matches("\"v[0-9]+\"");
        return etag;
    }

    private WebTestClient.ResponseSpec write(String method, String path, String ifMatch, Object body) {
        var request = http.method(HttpMethod.valueOf(method)).uri(path).headers(bearer(ann));
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private String answeredEtag(WebTestClient.ResponseSpec response) {
        return response.returnResult(String.class).getResponseHeaders().getETag();
    }

    @Test
    void everyWriteAnswersTheETagThatGetAnswersNextSoWritesChainWithoutReading() {
        String created = answeredEtag(
                send("POST", "/articles", ann, new ArticleBody("New", "Body", List.of(java))).expectStatus()
                    .isCreated());
        assertThat(created).matches("\"v[0-9]+\"");

        String tag = etag();
        tag = answeredEtag(write("PATCH", uri, tag, ArticlePatchBody.title("Patched")).expectStatus().isOk());
        assertThat(etag()).isEqualTo(tag);
        tag = answeredEtag(write("PUT", uri, tag, new ArticleBody("Put", "Replaced", List.of())).expectStatus().isOk());
        assertThat(etag()).isEqualTo(tag);
        String linked = answeredEtag(write("PUT", uri + "/categories/" + java, tag, null).expectStatus().isNoContent());
        assertThat(linked).isNotEqualTo(tag).isEqualTo(etag());
        String again = answeredEtag(
                write("PUT", uri + "/categories/" + java, linked, null).expectStatus().isNoContent());
        assertThat(again).as("an idempotent link that changes nothing keeps the ETag").isEqualTo(linked);
        String unlinked = answeredEtag(
                write("DELETE", uri + "/categories/" + java, again, null).expectStatus().isNoContent());
        assertThat(unlinked).isNotEqualTo(again).isEqualTo(etag());
        write("DELETE", uri, unlinked, null).expectStatus().isNoContent();
        assertThat(count("articles")).isEqualTo(1);
    }

    @Test
    void aStaleIfMatchIs412WithTheCurrentETagAndNothingIsWrittenNorAnEvent() {
        String stale = etag();
        String current = answeredEtag(
                write("PATCH", uri, stale, ArticlePatchBody.title("Second")).expectStatus().isOk());
        long events = count("article_events");
        var details = article(article);
        record Write(String method, String path, Object body) {
        }
        for (Write w : List.of(new Write("PATCH", uri, ArticlePatchBody.title("Lost")),
                new Write("PUT", uri, new ArticleBody("Lost", "Lost", List.of())), new Write("DELETE", uri, null),
                new Write("PUT", uri + "/categories/" + java, null),
                new Write("DELETE", uri + "/categories/" + java, null))) {
            for (String ifMatch : List.of(stale, "\"nope\"", "W/" + current, "\"x\", " + stale)) {
                var response = write(w.method(), w.path(), ifMatch, w.body()).expectStatus()
                    .isEqualTo(412)
                    .expectHeader()
                    .valueEquals("ETag", current);
                Problem problem = problem(response);
                assertThat(problem.status()).isEqualTo(412);
            }
        }
        assertThat(article(article)).isEqualTo(details);
        assertThat(count("articles")).isEqualTo(1);
        assertThat(count("categories_articles")).isEqualTo(1);
        assertThat(count("article_events")).as("no event for a refused write").isEqualTo(events);
        assertThat(etag()).isEqualTo(current);
    }

    @Test
    void ifMatchListingTheCurrentETagOrStarWrites() {
        String current = etag();
        String next = answeredEtag(
                write("PATCH", uri, "\"v1\", " + current, ArticlePatchBody.title("Listed")).expectStatus().isOk());
        write("PATCH", uri, "*", ArticlePatchBody.title("Star")).expectStatus().isOk();
        assertThat(article(article).title()).isEqualTo("Star");
        assertThat(etag()).isNotEqualTo(next);
    }

    @Test
    void aMalformedIfMatchIs400AndAMissingArticle404() {
        Problem bad = problem(write("PATCH", uri, "nope", ArticlePatchBody.title("X")).expectStatus().isBadRequest());
        assertThat(bad.errors()).extracting("field").containsExactly("If-Match");
        write("DELETE", uri, "\"v1\" junk", null).expectStatus().isBadRequest();
        write("PATCH", "/articles/424242", "*", ArticlePatchBody.title("X")).expectStatus().isNotFound();
        write("DELETE", "/articles/424242", etag(), null).expectStatus().isNotFound();
        assertThat(article(article).title()).isEqualTo("Tagged");
    }

    @Test
    void preconditionsComeAfterAuthorizationSoAnotherUserGets403WhateverIfMatchSays() {
        signUp("bob@example.com");
        String bob = logIn("bob@example.com");
        send("PATCH", uri, bob, ArticlePatchBody.title("Bob's")).expectStatus().isForbidden();
        for (String ifMatch : List.of(etag(), "\"v1\"")) {
            http.patch()
                .uri(uri)
                .headers(bearer(bob))
                .header("If-Match", ifMatch)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(ArticlePatchBody.title("Bob's"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .doesNotExist("ETag");
        }
        assertThat(article(article).title()).isEqualTo("Tagged");
    }

    @Test
    void tenParallelPatchesWithOneETagGiveOne200AndNine412AndTheWinnersChange() {
        String tag = etag();
        long events = count("article_events");
        WebClient client = WebClient.builder().baseUrl("http://localhost:" + port).filter(contract).build();
        record Answer(int index, HttpStatusCode status, String etag) {
        }
        // the article's row is held while the ten arrive: all ten are in flight at once,
        // past everything they do before the lock, and then race for it
        Connection holder = Mono.from(db.getConnectionFactory().create()).block();
        CompletableFuture<List<Answer>> racing;
        try {
            Mono.from(holder.beginTransaction()).block();
            runOn(holder, "SELECT id FROM articles WHERE id = " + article + " FOR UPDATE");
            racing = Flux.range(0, 10)
                .flatMap(
                        i -> client.patch()
                            .uri(uri)
                            .headers(bearer(ann))
                            .header("If-Match", tag)
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(ArticlePatchBody.title("Title " + i))
                            .exchangeToMono(r -> r.releaseBody()
                                .then(Mono.just(new Answer(i, r.statusCode(), r.headers().asHttpHeaders().getETag())))),
                        10)
                .collectList()
                .toFuture();
            awaitLockWaiters(10);
            Mono.from(holder.commitTransaction()).block();
        }
        finally {
            Mono.from(holder.close()).block();
        }
        List<Answer> answers = racing.join();
        Map<Integer, List<Answer>> byStatus = answers.stream().collect(Collectors.groupingBy(a -> a.status().value()));
        assertThat(byStatus.keySet()).containsExactlyInAnyOrder(200, 412);
        assertThat(byStatus.get(200)).hasSize(1);
        assertThat(byStatus.get(412)).hasSize(9);
        Answer winner = byStatus.get(200).get(0);
        assertThat(article(article).title()).isEqualTo("Title " + winner.index());
        assertThat(etag()).isEqualTo(winner.etag());
        assertThat(byStatus.get(412)).extracting(Answer::etag).containsOnly(winner.etag());
        assertThat(count("article_events")).isEqualTo(events + 1);
    }

    /**
     * Each change of what GET /articles/{id} shows changes its ETag; If-None-Match with
     * the old one then gets 200 with the new one, and with the new one 304.
     */
    @Test
    void theETagChangesWithEveryChangeOfTheDetailsAndOnlyThen() {
        long kotlin = createCategory("Kotlin");
        long other = createCategory("Unlinked");
        String admin = adminToken();
        Map<String, Runnable> changes = new LinkedHashMap<>();
        changes.put("title", () -> send("PATCH", uri, ann, ArticlePatchBody.title("Retitled")).expectStatus().isOk());
        changes.put("content",
                () -> send("PATCH", uri, ann, ArticlePatchBody.content("New content")).expectStatus().isOk());
        changes.put("category linked",
                () -> send("PUT", uri + "/categories/" + kotlin, ann, null).expectStatus().isNoContent());
        changes.put("category unlinked",
                () -> send("DELETE", uri + "/categories/" + kotlin, ann, null).expectStatus().isNoContent());
        changes.put("category renamed",
                () -> send("PUT", "/categories/" + java, admin, new CategoryBody("Jakarta")).expectStatus().isOk());
        changes.put("address added",
                () -> send("PUT", "/users/me/address", ann, AddressBody.city("Oslo")).expectStatus().isOk());
        changes.put("address changed",
                () -> send("PUT", "/users/me/address", ann, AddressBody.city("Bergen")).expectStatus().isOk());
        changes.put("address removed",
                () -> send("DELETE", "/users/me/address", ann, null).expectStatus().isNoContent());
        changes.put("author renamed",
                () -> db.sql("UPDATE users SET name = 'Ann B.' WHERE email = 'ann@example.com'").then().block());
        changes.put("category deleted",
                () -> send("DELETE", "/categories/" + java, admin, null).expectStatus().isNoContent());
        String before = etag();
        String body = http.get().uri(uri).exchange().expectBody(String.class).returnResult().getResponseBody();
        for (var change : changes.entrySet()) {
            change.getValue().run();
            var changed = http.get()
                .uri(uri)
                .header("If-None-Match", before)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult();
            String after = changed.getResponseHeaders().getETag();
            assertThat(changed.getResponseBody()).as(change.getKey()).isNotEqualTo(body);
            assertThat(after).as(change.getKey()).isNotEqualTo(before).isEqualTo(etag());
            http.get()
                .uri(uri)
                .header("If-None-Match", after)
                .exchange()
                .expectStatus()
                .isNotModified()
                .expectHeader()
                .valueEquals("ETag", after);
            before = after;
            body = changed.getResponseBody();
        }
        // what the details do not show leaves the ETag alone
        send("PUT", "/categories/" + other, admin, new CategoryBody("Still unlinked")).expectStatus().isOk();
        signUp("bob@example.com");
        send("PUT", "/users/me/address", logIn("bob@example.com"), AddressBody.city("Rome")).expectStatus().isOk();
        assertThat(etag()).isEqualTo(before);
    }

    @Test
    void withRequireIfMatchAWriteWithoutIfMatchIs428AndOneWithItWrites() {
        try (var instance = ApiInstance.start("articles.writes.require-if-match=true")) {
            WebTestClient client = instance.client(contract);
            String tag = etag();
            Function<String, WebTestClient.RequestBodySpec> patch = ifMatch -> {
                var request = client.patch().uri(uri).headers(bearer(ann)).contentType(MediaType.APPLICATION_JSON);
                return ifMatch == null ? request : request.header("If-Match", ifMatch);
            };
            Problem required = problem(patch.apply(null)
                .bodyValue(ArticlePatchBody.title("Blind"))
                .exchange()
                .expectStatus()
                .isEqualTo(428));
            assertThat(required.status()).isEqualTo(428);
            client.delete().uri(uri).headers(bearer(ann)).exchange().expectStatus().isEqualTo(428);
            client.put().uri(uri + "/categories/" + java).headers(bearer(ann)).exchange().expectStatus().isEqualTo(428);
            assertThat(article(article).title()).isEqualTo("Tagged");
            patch.apply(tag).bodyValue(ArticlePatchBody.title("Seen")).exchange().expectStatus().isOk();
            patch.apply("*").bodyValue(ArticlePatchBody.title("Any")).exchange().expectStatus().isOk();
            assertThat(article(article).title()).isEqualTo("Any");
        }
        // this instance does not require it
        send("PATCH", uri, ann, ArticlePatchBody.title("Blind")).expectStatus().isOk();
    }

}
