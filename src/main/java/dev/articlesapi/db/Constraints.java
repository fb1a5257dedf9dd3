package dev.articlesapi.db;

import io.r2dbc.postgresql.api.PostgresqlException;

/** Which named constraint a database error violated; repositories map names to domain errors. */
public final class Constraints {

    private Constraints() {}

    public static String name(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PostgresqlException pg) {
                return pg.getErrorDetails().getConstraintName().orElse(null);
            }
        }
        return null;
    }

    public static boolean is(Throwable error, String constraint) {
        return constraint.equals(name(error));
    }
}
