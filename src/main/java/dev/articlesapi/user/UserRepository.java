package dev.articlesapi.user;

import dev.articlesapi.db.Constraints;
import dev.articlesapi.web.ApiException;
import io.r2dbc.spi.Parameter;
import io.r2dbc.spi.Parameters;
import io.r2dbc.spi.R2dbcType;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/** Users and their one-to-one addresses. No statement here reads the password hash. */
@Repository
public class UserRepository {

    private static final String INSERT = """
            WITH address AS (
                INSERT INTO addresses (street, city, country)
                SELECT :street, :city, :country WHERE :withAddress
                RETURNING id, street, city, country),
            u AS (
                INSERT INTO users (email, name, password, address_id)
                VALUES (:email, :name, :password, (SELECT id FROM address))
                RETURNING id, email, name, role, address_id)
            SELECT u.id, u.email, u.name, u.role, ad.id AS address_id, ad.street AS address_street,
                   ad.city AS address_city, ad.country AS address_country
            FROM u LEFT JOIN address ad ON ad.id = u.address_id""";

    private static final String FIND_PRIVATE = "SELECT " + UserRows.PRIVATE_COLUMNS + """

            FROM users u LEFT JOIN addresses ad ON ad.id = u.address_id
            WHERE u.id = :id""";

    /**
     * Creates the address when the user has none, replaces its fields otherwise; one
     * statement, row-locked.
     */
    private static final String PUT_ADDRESS = """
            WITH target AS (
                SELECT id, email, name, role, address_id FROM users WHERE id = :id FOR UPDATE),
            updated AS (
                UPDATE addresses a SET street = :street, city = :city, country = :country
                FROM target t WHERE a.id = t.address_id
                RETURNING a.id, a.street, a.city, a.country),
            inserted AS (
                INSERT INTO addresses (street, city, country)
                SELECT :street, :city, :country FROM target t WHERE t.address_id IS NULL
                RETURNING id, street, city, country),
            linked AS (
                UPDATE users u SET address_id = i.id FROM inserted i WHERE u.id = :id RETURNING u.id),
            address AS (
                SELECT id, street, city, country FROM updated
                UNION ALL SELECT id, street, city, country FROM inserted)
            SELECT t.id, t.email, t.name, t.role, ad.id AS address_id, ad.street AS address_street,
                   ad.city AS address_city, ad.country AS address_country
            FROM target t CROSS JOIN address ad""";

    private static final String DELETE_ADDRESS = """
            DELETE FROM addresses WHERE id = (SELECT address_id FROM users WHERE id = :id)""";

    /**
     * The user and their address go together; articles they author make it fail (a
     * RESTRICT foreign key).
     */
    private static final String DELETE = """
            WITH u AS (DELETE FROM users WHERE id = :id RETURNING id, address_id),
            ad AS (DELETE FROM addresses WHERE id = (SELECT address_id FROM u))
            SELECT count(*) AS deleted FROM u""";

    private final DatabaseClient db;

    UserRepository(DatabaseClient db) {
        this.db = db;
    }

    public Mono<PrivateUser> insert(String email, String name, String passwordHash, AddressRequest address) {
        return db.sql(INSERT)
            .bind("street", text(address == null ? null : address.street()))
            .bind("city", text(address == null ? null : address.city()))
            .bind("country", text(address == null ? null : address.country()))
            .bind("withAddress", address != null)
            .bind("email", email)
            .bind("name", name)
            .bind("password", passwordHash)
            .map(UserRows::privateUser)
            .one()
            .onErrorMap(DataIntegrityViolationException.class,
                    e -> Constraints.is(e, "users_email_key") ? ApiException.conflict("Email already registered") : e);
    }

    public Mono<PrivateUser> findPrivate(long id) {
        return db.sql(FIND_PRIVATE).bind("id", id).map(UserRows::privateUser).one();
    }

    public Mono<PrivateUser> putAddress(long userId, AddressRequest address) {
        return db.sql(PUT_ADDRESS)
            .bind("id", userId)
            .bind("street", text(address.street()))
            .bind("city", text(address.city()))
            .bind("country", text(address.country()))
            .map(UserRows::privateUser)
            .one();
    }

    public Mono<Void> deleteAddress(long userId) {
        return db.sql(DELETE_ADDRESS).bind("id", userId).then();
    }

    /** True when the user existed and is gone. */
    public Mono<Boolean> delete(long id) {
        return db.sql(DELETE)
            .bind("id", id)
            .map(r -> r.get("deleted", Long.class) > 0)
            .one()
            .onErrorMap(DataIntegrityViolationException.class, e -> Constraints.is(e, "articles_author_id_fkey")
                    ? ApiException.conflict("User " + id + " still authors articles; delete them first") : e);
    }

    private static Parameter text(String value) {
        return value == null ? Parameters.in(R2dbcType.VARCHAR) : Parameters.in(R2dbcType.VARCHAR, value);
    }

}
