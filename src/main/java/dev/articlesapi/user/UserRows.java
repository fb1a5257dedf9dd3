package dev.articlesapi.user;

import io.r2dbc.spi.Readable;

/**
 * Row mapping for queries that select a user as id, email, name, role and address_*
 * columns.
 */
public final class UserRows {

    /**
     * Columns for {@link #privateUser}, with {@code u} for users and {@code ad} for
     * addresses.
     */
    public static final String PRIVATE_COLUMNS = """
            u.id, u.email, u.name, u.role, ad.id AS address_id, ad.street AS address_street,
            ad.city AS address_city, ad.country AS address_country""";

    private UserRows() {
    }

    public static Address address(Readable r, String prefix) {
        Long id = r.get(prefix + "id", Long.class);
        return id == null ? null : new Address(id, r.get(prefix + "street", String.class),
                r.get(prefix + "city", String.class), r.get(prefix + "country", String.class));
    }

    public static PrivateUser privateUser(Readable r) {
        return new PrivateUser(r.get("id", Long.class), r.get("email", String.class), r.get("name", String.class),
                r.get("role", String.class), address(r, "address_"));
    }

}
