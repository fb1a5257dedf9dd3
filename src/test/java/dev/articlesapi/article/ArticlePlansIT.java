package dev.articlesapi.article;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.db.Pages;
import dev.articlesapi.support.ApiTest;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every statement GET /articles sends (a page and a stream chunk, for every combination
 * of the filters, the cursor and both orders) runs on indexes on a data set big enough
 * for the planner to prefer them: EXPLAIN of the exact statement with its values, with
 * the plans PostgreSQL makes for it at first (custom) and once it is prepared (generic).
 */
class ArticlePlansIT extends ApiTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int ARTICLES = 60_000;

    /**
     * 100 authors, 50 categories with two of them per article, searchable words spread
     * evenly; then ANALYZE, as autovacuum would.
     */
    private void seed() {
        db.sql("""
                INSERT INTO users (email, name, password)
                SELECT 'user' || g || '@example.com', 'User ' || g, 'x' FROM generate_series(2, 100) g""")
            .then()
            .block();
        db.sql("INSERT INTO categories (name) SELECT 'Category ' || g FROM generate_series(1, 50) g").then().block();
        db.sql("""
                INSERT INTO articles (title, content, author_id)
                SELECT 'Article ' || g, 'Body with word' || (g % 500) || ' and more text', 1 + g % 100
                FROM generate_series(1, :n) g""").bind("n", ARTICLES).then().block();
        db.sql("""
                INSERT INTO categories_articles (category_id, article_id)
                SELECT 1 + (a.id * k) % 50, a.id FROM articles a CROSS JOIN (VALUES (1), (7)) v(k)
                ON CONFLICT DO NOTHING""").then().block();
        db.sql("ANALYZE users, articles, categories, categories_articles").then().block();
    }

    @Test
    void everyDirectionAndFilterCombinationRunsOnIndexes() {
        seed();
        List<String> failures = new ArrayList<>();
        for (int present = 0; present < 32; present++) {
            ArticleFilter filter = new ArticleFilter((present & 1) == 0 ? null : 7L, (present & 2) == 0 ? null : 3L,
                    (present & 4) == 0 ? null : "word42", (present & 8) == 0 ? null : ARTICLES / 2L,
                    (present & 16) != 0);
            List<Object> pageValues = new ArrayList<>();
            // the repository asks one row more than the page holds
            String page = ArticleReadSql.page(filter, ArticleHandler.DEFAULT_LIMIT + 1, 0, pageValues);
            check(filter, "page", page, pageValues, failures);
            List<Object> chunkValues = new ArrayList<>();
            String chunk = ArticleReadSql.chunk(filter, filter.start(), Pages.SIZE, chunkValues);
            check(filter, "chunk", chunk, chunkValues, failures);
        }
        assertThat(failures).isEmpty();
    }

    private void check(ArticleFilter filter, String statement, String sql, List<Object> values, List<String> failures) {
        for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
            JsonNode plan = JSON.readTree(String.join("\n", explain(sql, values, mode))).get(0).get("Plan");
            List<String> found = new ArrayList<>();
            walk(plan, filter, false, found);
            if (!found.isEmpty()) {
                failures.add(found + " in " + statement + " " + filter + " (" + mode + "): " + plan);
            }
        }
    }

    /**
     * What the plan must not do: scan the link table sequentially anywhere; outside the
     * count (an Aggregate: the planner may count a large share of matches as it finds
     * cheapest), scan articles sequentially or sort a large share of the articles (the
     * page itself, or the matches a selective filter's index found, the planner may sort;
     * all articles after a cursor, never). A search is the exception to the sort: its
     * matches come from the GIN index, which knows no order.
     */
    private static void walk(JsonNode node, ArticleFilter filter, boolean inCount, List<String> found) {
        String type = node.get("Node Type").asString();
        String relation = node.has("Relation Name") ? node.get("Relation Name").asString() : "";
        if (type.equals("Seq Scan") && relation.equals("categories_articles")) {
            found.add("sequential scan of categories_articles");
        }
        boolean count = inCount || type.equals("Aggregate");
        if (!count && type.equals("Seq Scan") && relation.equals("articles")) {
            found.add("sequential scan of articles");
        }
        if (!count && filter.search() == null && type.contains("Sort")
                && node.get("Plan Rows").asLong() > ARTICLES / 10) {
            found.add("sort of " + node.get("Plan Rows").asLong() + " rows");
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, filter, count, found);
        }
    }

    /** The plan, as JSON text, on one connection with the given plan_cache_mode. */
    private List<String> explain(String sql, List<Object> values, String mode) {
        return db.inConnectionMany(c -> {
            Statement explain = c.createStatement("EXPLAIN (FORMAT JSON) " + sql);
            for (int i = 0; i < values.size(); i++) {
                explain.bind(i, values.get(i));
            }
            return Flux.from(c.createStatement("SET plan_cache_mode = " + mode).execute())
                .concatMap(Result::getRowsUpdated)
                .thenMany(Flux.from(explain.execute()))
                .concatMap(result -> result.map(row -> row.get(0, String.class)))
                .concatWith(Flux.from(c.createStatement("RESET plan_cache_mode").execute())
                    .concatMap(Result::getRowsUpdated)
                    .thenMany(Flux.empty()));
        }).collectList().block();
    }

}
