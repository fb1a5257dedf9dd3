package dev.articlesapi.article;

import dev.articlesapi.db.RecordingDatabase;
import dev.articlesapi.support.SqlFiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the article package, as its driver receives it, is its file in
 * src/test/resources/sql ({@link SqlFiles}: {@code -Dsql.update=true} rewrites them). The
 * statements come from the repositories themselves, run on a {@link RecordingDatabase}.
 */
class ArticleSqlTest {

    private final RecordingDatabase db = new RecordingDatabase();

    private final ArticleRepository articles = new ArticleRepository(db.client(), db.reads());

    private final ArticleEventLog events = new ArticleEventLog(db.client());

    private final SqlFiles files = new SqlFiles("article-");

    @Test
    void everyStatementIsItsFile() {
        files.add("article-details", db.sentBy(articles.findDetails(1)));
        files.add("article-insert", db.sentBy(articles.insert(1, new ArticleRequest("T", "C", List.of(1L, 2L)))));
        // PUT and PATCH: the lock, then the one update statement (a PATCH binds NULL for
        // what it keeps)
        files.add("article-lock", db.sentBy(articles.lock(1, List.of(1L), IfMatch.NONE)));
        files.add("article-update", db.sentBy(articles.update(1, "T", "C", List.of(1L))));
        files.add("article-update", db.sentBy(articles.update(1, null, "C", null)));
        files.add("article-update", db.sentBy(articles.update(1, "T", null, List.of())));
        files.add("article-delete", db.sentBy(articles.delete(1)));
        files.add("article-link", db.sentBy(articles.link(1, 2)));
        files.add("article-unlink", db.sentBy(articles.unlink(1, 2)));
        files.add("article-touch", db.sentBy(articles.touch(List.of(1L))));
        // a category's deletion (ArticleChanges.detachCategory)
        files.add("article-lock-category", db.sentBy(articles.lockCategory(2)));
        files.add("article-unlink-category", db.sentBy(articles.unlinkCategory(2)));
        // the event log's own statements
        files.add("article-events-since", db.sentBy(events.since(0, 10, 100)));
        files.add("article-events-max-id", db.sentBy(events.maxId()));
        files.add("article-events-prune", db.sentBy(events.prune(Instant.EPOCH)));
        // GET /articles: a page, and a chunk of a stream, for every combination of the
        // filters
        // filters, in both orders
        for (int present = 0; present < 32; present++) {
            ArticleFilter filter = new ArticleFilter((present & 1) == 0 ? null : 2L, (present & 2) == 0 ? null : 3L,
                    (present & 4) == 0 ? null : "words", (present & 8) == 0 ? null : 4L, (present & 16) != 0);
            files.add(name("article-page", filter, true), db.sentBy(articles.page(filter, 20, 40)));
            files.add(name("article-stream", filter, false), db.sentBy(articles.chunk(filter, 4, 500)));
        }
        files.verify();
    }

    /**
     * The statement's name with the filters present ({@code after} only where it changes
     * the statement).
     */
    private static String name(String statement, ArticleFilter filter, boolean withAfter) {
        List<String> parts = new ArrayList<>(List.of(statement));
        if (filter.authorId() != null) {
            parts.add("authorId");
        }
        if (filter.categoryId() != null) {
            parts.add("categoryId");
        }
        if (filter.search() != null) {
            parts.add("search");
        }
        if (withAfter && filter.after() != null) {
            parts.add("after");
        }
        if (filter.newestFirst()) {
            parts.add("desc");
        }
        return String.join("-", parts);
    }

}
