package dev.articlesapi.user;

import dev.articlesapi.db.RecordingDatabase;
import dev.articlesapi.support.SqlFiles;
import org.junit.jupiter.api.Test;

/**
 * Every statement of the user package, as its driver receives it, is its file in
 * src/test/resources/sql ({@link SqlFiles}: {@code -Dsql.update=true} rewrites them).
 */
class UserSqlTest {

    private final RecordingDatabase db = new RecordingDatabase();

    private final UserRepository users = new UserRepository(db.client());

    private final SqlFiles files = new SqlFiles("user-");

    @Test
    void everyStatementIsItsFile() {
        AddressRequest address = new AddressRequest("Main 1", "Oslo", null);
        files.add("user-insert", db.sentBy(users.insert("ann@example.com", "Ann", "hash", address)));
        files.add("user-insert", db.sentBy(users.insert("bob@example.com", "Bob", "hash", null)));
        files.add("user-find-private", db.sentBy(users.findPrivate(2)));
        files.add("user-put-address", db.sentBy(users.putAddress(2, address)));
        files.add("user-delete-address", db.sentBy(users.deleteAddress(2)));
        files.add("user-delete", db.sentBy(users.delete(2)));
        files.verify();
    }

}
