package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.Article;
import dev.articlesapi.support.Page;
import dev.articlesapi.support.Problem;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/**
 * GET /articles?sort=id|-id: pages and streams in either order, {@code after} in the
 * chosen order, and {@code Link: rel="next"} while more rows follow.
 */
class ArticleSortIT extends ApiTest {

    private static final Pattern NEXT = Pattern.compile("^<(/articles\\?[^>]*)>; rel=\"next\"$");

    /**
     * n articles by the admin, every third one by the second user; those with an even id
     * mention "blue sky".
     */
    private void seed(int n) {
        signUp("ann@example.com");
        db.sql("""
                INSERT INTO articles (title, content, author_id)
                SELECT 'Article ' || g, CASE WHEN g % 2 = 0 THEN 'a blue sky ' ELSE 'rain ' END || g,
                       CASE WHEN g % 3 = 0 THEN 2 ELSE 1 END
                FROM generate_series(1, :n) g""").bind("n", n).then().block();
    }

    private EntityExchangeResult<Page<Article>> get(String uri) {
        return http.get()
            .uri(URI.create("http://localhost:" + port + uri))
            .exchange()
            .expectStatus()
            .isOk()
            .expectBody(new ParameterizedTypeReference<Page<Article>>() {
            })
            .returnResult();
    }

    private static List<Long> ids(EntityExchangeResult<Page<Article>> result) {
        return result.getResponseBody().items().stream().map(Article::id).toList();
    }

    /** The next page's URL from the Link header; null without one. */
    private static String next(EntityExchangeResult<Page<Article>> result) {
        String link = result.getResponseHeaders().getFirst(HttpHeaders.LINK);
        if (link == null) {
            return null;
        }
        Matcher m = NEXT.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        return m.group(1);
    }

    @Test
    void newestFirstPagesFollowTheirNextLinksToTheEnd() {
        seed(5);
        var first = get("/articles?sort=-id&limit=2");
        assertThat(ids(first)).containsExactly(5L, 4L);
        assertThat(first.getResponseBody().count()).isEqualTo(5);
        assertThat(next(first)).isEqualTo("/articles?sort=-id&limit=2&after=4");
        var second = get(next(first));
        assertThat(ids(second)).containsExactly(3L, 2L);
        var third = get(next(second));
        assertThat(ids(third)).containsExactly(1L);
        assertThat(next(third)).isNull();
    }

    @Test
    void ascendingIsTheDefaultAndSortIdSaysSo() {
        seed(3);
        assertThat(ids(get("/articles"))).containsExactly(1L, 2L, 3L);
        var page = get("/articles?sort=id&limit=2");
        assertThat(ids(page)).containsExactly(1L, 2L);
        assertThat(next(page)).isEqualTo("/articles?limit=2&after=2");
        assertThat(ids(get(next(page)))).containsExactly(3L);
        assertThat(next(get("/articles?limit=3"))).isNull();
    }

    @Test
    void afterMeansAfterInTheChosenOrder() {
        seed(6);
        assertThat(ids(get("/articles?sort=-id&after=4"))).containsExactly(3L, 2L, 1L);
        assertThat(ids(get("/articles?sort=id&after=4"))).containsExactly(5L, 6L);
        // a cursor, not a filter: the count is every match
        assertThat(get("/articles?sort=-id&after=4").getResponseBody().count()).isEqualTo(6);
    }

    @Test
    void anOffsetPageLinksToTheKeysetPageAfterItsLastRow() {
        seed(6);
        var page = get("/articles?sort=-id&limit=2&offset=1");
        assertThat(ids(page)).containsExactly(5L, 4L);
        assertThat(next(page)).isEqualTo("/articles?sort=-id&limit=2&after=4");
        assertThat(ids(get(next(page)))).containsExactly(3L, 2L);
    }

    @Test
    void theNextLinkKeepsEveryFilter() {
        seed(30);
        // by the admin (not a multiple of 3) and even: 2, 4, 8, 10, 14, 16, 20, 22, 26,
        // 28
        var page = get("/articles?authorId=1&search=blue%20sky&sort=-id&limit=4");
        assertThat(ids(page)).containsExactly(28L, 26L, 22L, 20L);
        assertThat(next(page)).isEqualTo("/articles?authorId=1&search=blue%20sky&sort=-id&limit=4&after=20");
        List<Long> all = new ArrayList<>(ids(page));
        String uri = next(page);
        while (uri != null) {
            var more = get(uri);
            all.addAll(ids(more));
            uri = next(more);
        }
        assertThat(all).containsExactly(28L, 26L, 22L, 20L, 16L, 14L, 10L, 8L, 4L, 2L);
    }

    @Test
    void theNextLinkKeepsTheCategory() {
        long category = createCategory("News");
        seed(5);
        db.sql("INSERT INTO categories_articles (category_id, article_id) SELECT :c, id FROM articles WHERE id <> 3")
            .bind("c", category)
            .then()
            .block();
        var page = get("/articles?categoryId=" + category + "&sort=-id&limit=2");
        assertThat(ids(page)).containsExactly(5L, 4L);
        assertThat(next(page)).isEqualTo("/articles?categoryId=" + category + "&sort=-id&limit=2&after=4");
        assertThat(ids(get(next(page)))).containsExactly(2L, 1L);
    }

    @Test
    void ndjsonStreamsNewestFirstAcrossChunks() {
        seed(1_200);
        List<Long> ids = ndjsonIds("/articles?sort=-id");
        assertThat(ids).containsExactlyElementsOf(LongStream.iterate(1_200, i -> i >= 1, i -> i - 1).boxed().toList());
    }

    @Test
    void streamsTakeAfterAndFiltersInTheChosenOrder() {
        seed(12);
        List<Long> ndjson = ndjsonIds("/articles?sort=-id&after=10&authorId=1&limit=3");
        assertThat(ndjson).containsExactly(8L, 7L, 5L);
        List<String> sse = http.get()
            .uri("/articles?sort=-id&after=3")
            .accept(MediaType.TEXT_EVENT_STREAM)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(new ParameterizedTypeReference<ServerSentEvent<Article>>() {
            })
            .getResponseBody()
            .map(ServerSentEvent::id)
            .collectList()
            .block(Duration.ofSeconds(30));
        assertThat(sse).containsExactly("2", "1");
    }

    @Test
    void anUnknownSortIsABadRequestNamingTheAllowedValues() {
        for (String accept : List.of(MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_NDJSON_VALUE)) {
            for (String sort : List.of("name", "-title", "", "ID", "+id")) {
                Problem problem = http.get()
                    .uri(b -> b.path("/articles").queryParam("sort", "{s}").build(sort))
                    .header(HttpHeaders.ACCEPT, accept)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody(Problem.class)
                    .returnResult()
                    .getResponseBody();
                assertThat(problem.fields()).containsExactly("sort");
                assertThat(problem.errors().get(0).message()).contains("id, -id");
            }
        }
    }

    /** The ids of an NDJSON listing, in the order streamed. */
    private List<Long> ndjsonIds(String uri) {
        return http.get()
            .uri(uri)
            .accept(MediaType.APPLICATION_NDJSON)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(Article.class)
            .getResponseBody()
            .map(Article::id)
            .collectList()
            .block(Duration.ofSeconds(30));
    }

}
