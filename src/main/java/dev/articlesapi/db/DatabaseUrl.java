package dev.articlesapi.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A {@code DATABASE_URL} of the form
 * {@code postgres[ql]://user:password@host[:port]/database[?query]}, turned into the
 * R2DBC URL the API uses and the JDBC URL Flyway uses.
 */
record DatabaseUrl(String host, int port, String database, String username, String password, String query) {

    static DatabaseUrl parse(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        }
        catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme();
        if (!"postgres".equals(scheme) && !"postgresql".equals(scheme)) {
            throw new IllegalArgumentException(
                    "DATABASE_URL must look like postgresql://user:password@host:5432/database");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("DATABASE_URL needs a host and a database name");
        }
        String username = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            username = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), uri.getPath().substring(1),
                username, password, uri.getRawQuery());
    }

    String r2dbc() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
    }

    String jdbc() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (query == null ? "" : "?" + query);
    }

    /** The URL without credentials, for the log. */
    String display() {
        return host + ":" + port + "/" + database;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
