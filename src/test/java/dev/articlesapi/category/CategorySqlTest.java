package dev.articlesapi.category;

import dev.articlesapi.db.RecordingDatabase;
import dev.articlesapi.support.SqlFiles;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the category package, as its driver receives it, is its file in
 * src/test/resources/sql ({@link SqlFiles}: {@code -Dsql.update=true} rewrites them); a
 * category's deletion also sends the article package's {@code article-lock-category},
 * {@code article-unlink-category} and {@code article-touch}.
 */
class CategorySqlTest {

    private final RecordingDatabase db = new RecordingDatabase();

    private final CategoryRepository categories = new CategoryRepository(db.client(), db.reads());

    private final SqlFiles files = new SqlFiles("category-");

    @Test
    void everyStatementIsItsFile() {
        files.add("category-all", db.sentBy(categories.findAll()));
        files.add("category-details", db.sentBy(categories.findDetails(1)));
        files.add("category-insert", db.sentBy(categories.insert("Tech")));
        files.add("category-update", db.sentBy(categories.update(1, "Science")));
        files.add("category-delete", db.sentBy(categories.delete(1)));
        files.verify();
    }

}
