package dev.articlesapi.db;

import dev.articlesapi.web.Causes;
import io.r2dbc.postgresql.api.PostgresqlException;

/**
 * Which named constraint a database error violated; repositories map names to domain
 * errors.
 */
public final class Constraints {

    private Constraints() {
    }

    public static String name(Throwable error) {
        PostgresqlException pg = Causes.find(error, PostgresqlException.class);
        return pg == null ? null : pg.getErrorDetails().getConstraintName().orElse(null);
    }

    public static boolean is(Throwable error, String constraint) {
        return constraint.equals(name(error));
    }

}
