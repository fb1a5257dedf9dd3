package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.Article;
import dev.articlesapi.support.ArticleBody;
import dev.articlesapi.support.ArticlePatchBody;
import dev.articlesapi.support.Page;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/** GET /articles at scale: offset and keyset pages, search, NDJSON and SSE streams. */
class ArticleListingIT extends ApiTest {

    /**
     * n articles by user 1 (the admin) and, every third one, by user 2, with predictable
     * titles.
     */
    private void seed(int n) {
        signUp("ann@example.com");
        db.sql("""
                INSERT INTO articles (title, content, author_id)
                SELECT 'Article ' || g, 'Body of article ' || g, CASE WHEN g % 3 = 0 THEN 2 ELSE 1 END
                FROM generate_series(1, :n) g""").bind("n", n).then().block();
    }

    private Page<Article> search(String search, String... more) {
        return http.get().uri(b -> {
            b.path("/articles").queryParam("search", "{s}");
            for (int i = 0; i < more.length; i += 2) {
                b.queryParam(more[i], more[i + 1]);
            }
            return b.build(search);
        }).exchange().expectStatus().isOk().expectBody(new ParameterizedTypeReference<Page<Article>>() {
        }).returnResult().getResponseBody();
    }

    private static List<Long> ids(Page<Article> page) {
        return page.items().stream().map(Article::id).toList();
    }

    private List<Long> expectedIdsByAuthor(long author) {
        return db.sql("SELECT id FROM articles WHERE author_id = :a ORDER BY id")
            .bind("a", author)
            .map(r -> r.get(0, Long.class))
            .all()
            .collectList()
            .block();
    }

    @Test
    void unfilteredCountStaysExactThroughConcurrentCreatesDeletesAndBulkWrites() {
        seed(30);
        String token = logIn("ann@example.com");
        List<Long> created = Flux.range(0, 16)
            .flatMap(i -> Mono.fromCallable(() -> createArticle(token, "Concurrent " + i))
                .subscribeOn(Schedulers.boundedElastic()), 8)
            .collectList()
            .block();
        for (long id : created.subList(0, 5)) {
            http.delete().uri("/articles/" + id).headers(bearer(token)).exchange().expectStatus().isNoContent();
        }
        db.sql("DELETE FROM articles WHERE title IN ('Article 1', 'Article 2', 'Article 3')").then().block();
        long rows = count("articles");
        assertThat(rows).isEqualTo(30 + 16 - 5 - 3);
        assertThat(page("limit=5").count()).isEqualTo(rows);
        assertThat(page("limit=5&after=" + created.get(10)).count()).isEqualTo(rows);
    }

    @Test
    void unfilteredCountIsZeroAfterEveryArticleIsGone() {
        seed(4);
        db.sql("TRUNCATE articles CASCADE").then().block();
        assertThat(page("limit=5").count()).isZero();
        long id = createArticle(logIn("ann@example.com"), "Only one");
        assertThat(page("limit=5").count()).isEqualTo(1);
        assertThat(ids(page("limit=5"))).containsExactly(id);
        db.sql("DELETE FROM article_count").then().block();
        try {
            assertThat(page("limit=5").count()).as("counted without the row").isEqualTo(1);
            assertThat(ids(page("limit=5"))).containsExactly(id);
        }
        finally {
            db.sql("INSERT INTO article_count (n) SELECT count(*) FROM articles").then().block();
        }
    }

    @Test
    void offsetWalkOverAFilteredListHasNoGapNoDuplicateAndTheRightCount() {
        seed(100);
        List<Long> expected = expectedIdsByAuthor(2);
        List<Long> seen = new ArrayList<>();
        for (int offset = 0;; offset += 7) {
            Page<Article> page = page("authorId=2&limit=7&offset=" + offset);
            assertThat(page.count()).isEqualTo(expected.size());
            List<Long> ids = ids(page);
            seen.addAll(ids);
            if (ids.size() < 7) {
                break;
            }
        }
        assertThat(seen).isEqualTo(expected).doesNotHaveDuplicates();
    }

    @Test
    void keysetWalkOverAFilteredListHasNoGapNoDuplicateAndTheRightCount() {
        seed(100);
        List<Long> expected = expectedIdsByAuthor(1);
        List<Long> seen = new ArrayList<>();
        long after = 0;
        while (true) {
            Page<Article> page = page("authorId=1&limit=9&after=" + after);
            assertThat(page.count()).isEqualTo(expected.size());
            List<Long> ids = ids(page);
            if (ids.isEmpty()) {
                break;
            }
            seen.addAll(ids);
            after = ids.get(ids.size() - 1);
        }
        assertThat(seen).isEqualTo(expected).doesNotHaveDuplicates();
    }

    @Test
    void afterMustBeANonNegativeInteger() {
        http.get()
            .uri("/articles?after=-1")
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("after");
        http.get().uri("/articles?after=x").exchange().expectStatus().isBadRequest();
    }

    @Test
    void searchFindsWordsInTitleOrContentAndMissesOthers() {
        String token = logIn(signUpAndEmail("ann@example.com"));
        createArticle(token, "Reactive streams in practice");
        createArticle(token, new ArticleBody("Databases", "PostgreSQL indexes explained"));
        assertThat(ids(search("streams"))).containsExactly(1L);
        assertThat(ids(search("stream"))).containsExactly(1L); // stemming
        assertThat(ids(search("index"))).containsExactly(2L);
        assertThat(ids(search("postgresql -reactive"))).containsExactly(2L);
        assertThat(ids(search("PostgreSQL or reactive"))).containsExactly(1L, 2L);
        assertThat(ids(search("\"reactive streams\""))).containsExactly(1L);
        assertThat(ids(search("\"streams reactive\""))).isEmpty();
        assertThat(ids(search("kotlin"))).isEmpty();
        assertThat(search("kotlin").count()).isZero();
        assertThat(ids(search("explained", "authorId", "1"))).isEmpty();
        assertThat(ids(search("explained", "authorId", "2"))).containsExactly(2L);
        assertThat(ids(search("   "))).containsExactly(1L, 2L); // blank: no filter
    }

    @Test
    void searchFindsWordsInsideMarkupByThemselvesAndByTheWholeTextAsTyped() {
        String token = logIn(signUpAndEmail("ann@example.com"));
        String scriptTitle = "<script>alert(1)</script> notes";
        String leadContent = "<p class=\"lead\">Reactive <em>streams</em> explained</p>";
        long script = createArticleWithContent(token, scriptTitle, leadContent);
        long banner = createArticleWithContent(token, "Layout",
                "<div data-role=\"banner\">Fish&chips; &amp; more</div>");
        long plain = createArticleWithContent(token, "Plain text", "Nothing marked up here");
        for (String word : new String[] { "script", "alert", "notes", "lead", "class", "p", "em", "streams",
                "explained" }) {
            assertThat(ids(search(word))).as(word).containsExactly(script);
        }
        for (String word : new String[] { "banner", "div", "role", "data-role", "fish", "chips" }) {
            assertThat(ids(search(word))).as(word).containsExactly(banner);
        }
        assertThat(ids(search(scriptTitle))).containsExactly(script);
        assertThat(ids(search(leadContent))).containsExactly(script);
        assertThat(ids(search("<div data-role=\"banner\">"))).containsExactly(banner);
        assertThat(ids(search("</em>"))).containsExactly(script);
        assertThat(ids(search("marked"))).containsExactly(plain);
        assertThat(ids(search("kotlin"))).isEmpty();
        assertThat(search("<kotlin>").count()).isZero();
        assertThat(ids(search("<>"))).isEmpty(); // only markup: no word to look for
        // websearch syntax survives the normalisation
        assertThat(ids(search("script or banner"))).containsExactly(script, banner);
        assertThat(ids(search("<em> -lead"))).isEmpty();
        assertThat(ids(search("div -script"))).containsExactly(banner);
        assertThat(ids(search("\"alert 1\""))).containsExactly(script);
    }

    @Test
    void searchFollowsAnEditIntoMarkup() {
        String token = logIn(signUpAndEmail("ann@example.com"));
        long id = createArticleWithContent(token, "Plain", "Nothing here");
        assertThat(ids(search("kbd"))).isEmpty();
        send("PATCH", "/articles/" + id, token, ArticlePatchBody.content("Press <kbd title=\"enter key\">Enter</kbd>"))
            .expectStatus()
            .isOk();
        assertThat(ids(search("kbd"))).containsExactly(id);
        assertThat(ids(search("key"))).containsExactly(id);
        assertThat(ids(search("nothing"))).isEmpty();
    }

    private long createArticleWithContent(String token, String title, String content) {
        return createArticle(token, new ArticleBody(title, content)).id();
    }

    private String signUpAndEmail(String email) {
        signUp(email);
        return email;
    }

    @Test
    void searchWithHostileStringsNeverFails() {
        seed(5);
        String[] hostile = { "'", "\"", "\\", "%", "_", "' OR 1=1 --", "'; DROP TABLE articles; --", "a:*", "!!", "(",
                ")", "&|!<->", "\u0000", "ünïcödé ✓", "-", "\"unterminated", "or", "%25%27" };
        for (String s : hostile) {
            assertThat(search(s).count()).isNotNegative();
        }
        assertThat(count("articles")).isEqualTo(5);
        http.get()
            .uri("/articles?search=" + "x".repeat(201))
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("search");
    }

    @Test
    void plainJsonRequestsGetAPage() {
        seed(3);
        for (String accept : new String[] { null, "*/*", "application/json", "application/json, text/plain" }) {
            var spec = http.get().uri("/articles");
            if (accept != null) {
                spec = spec.header("Accept", accept);
            }
            spec.exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentType(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.count")
                .isEqualTo(3);
        }
    }

    @Test
    void ndjsonStreamOfOneHundredThousandArticlesArrivesCompleteAndInOrder() {
        seed(100_000);
        AtomicLong last = new AtomicLong();
        long count = WebClient.builder()
            .baseUrl("http://localhost:" + port)
            .codecs(c -> c.defaultCodecs().maxInMemorySize(1024 * 1024))
            .build()
            .get()
            .uri("/articles")
            .accept(MediaType.APPLICATION_NDJSON)
            .retrieve()
            .bodyToFlux(Article.class)
            .doOnNext(a -> assertThat(a.id()).isEqualTo(last.get() + 1))
            .doOnNext(a -> last.set(a.id()))
            .count()
            .block(Duration.ofMinutes(3));
        assertThat(count).isEqualTo(100_000);
        assertThat(last.get()).isEqualTo(100_000);
    }

    @Test
    void ndjsonStreamHonoursFiltersAfterAndLimit() {
        seed(2_000);
        var body = http.get()
            .uri("/articles?authorId=2&after=1000&limit=600")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
            .returnResult(Article.class)
            .getResponseBody();
        List<Article> articles = body.collectList().block(Duration.ofSeconds(30));
        assertThat(articles).hasSize(333);
        assertThat(articles).allMatch(a -> a.authorId() == 2 && a.id() > 1000);
        assertThat(articles.get(0).id()).isEqualTo(1002);
        assertThat(new HashSet<>(articles.stream().map(Article::id).toList())).hasSize(333);
        http.get()
            .uri("/articles?limit=5")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .returnResult(Article.class)
            .getResponseBody()
            .as(StepVerifier::create)
            .expectNextCount(5)
            .verifyComplete();
    }

    @Test
    void streamErrorsAreProblems() {
        http.get()
            .uri("/articles?offset=5")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isBadRequest()
            .expectHeader()
            .contentType(MediaType.APPLICATION_PROBLEM_JSON)
            .expectBody()
            .jsonPath("$.errors[0].field")
            .isEqualTo("offset");
        http.get()
            .uri("/articles?limit=0")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isBadRequest();
        http.get()
            .uri("/articles?authorId=x")
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isBadRequest();
    }

    @Test
    void sseListingSendsOneEventPerArticleWithItsId() {
        seed(1_200);
        List<ServerSentEvent<Article>> events = http.get()
            .uri("/articles?authorId=2")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .expectHeader()
            .contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<Article>>() {
            })
            .getResponseBody()
            .collectList()
            .block(Duration.ofSeconds(30));
        assertThat(events).hasSize(400);
        assertThat(events.get(0).id()).isEqualTo("3");
        assertThat(events.get(0).data().title()).isEqualTo("Article 3");
        assertThat(events.get(399).data().id()).isEqualTo(1200);
    }

    @Test
    void cancelledStreamGivesItsConnectionBackWithinASecond() {
        seed(20_000);
        int before = statements.acquiredConnections();
        List<Article> firstFew = WebClient.create("http://localhost:" + port)
            .get()
            .uri("/articles")
            .accept(MediaType.APPLICATION_NDJSON)
            .retrieve()
            .bodyToFlux(Article.class)
            .take(5)
            .collectList()
            .block(Duration.ofSeconds(30));
        assertThat(firstFew).hasSize(5);
        await().atMost(Duration.ofSeconds(1))
            .pollInterval(Duration.ofMillis(20))
            .until(() -> statements.acquiredConnections() == before);
    }

}
