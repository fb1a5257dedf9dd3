package dev.articlesapi.auth;

import dev.articlesapi.web.ApiProperties;
import java.net.InetAddress;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.stereotype.Component;

/**
 * Hands the admin account to the seed migration ({@code V2__seed_admin.sql}) as Flyway
 * placeholders, with the password already hashed. {@code ADMIN_EMAIL} and
 * {@code ADMIN_PASSWORD} are required unless the API runs on its embedded database and
 * listens on loopback only, where documented development defaults apply.
 */
@Component
class AdminSeed implements FlywayConfigurationCustomizer {

    static final String DEFAULT_EMAIL = "admin@articles.local";
    static final String DEFAULT_PASSWORD = "admin-password";

    private static final Logger log = LoggerFactory.getLogger(AdminSeed.class);

    private final String email;

    private final String password;

    private final Passwords passwords;

    private final boolean beyondLoopback;

    AdminSeed(AdminProperties admin, ApiProperties api, ServerProperties server, Passwords passwords) {
        String email = admin.email();
        String password = admin.password();
        boolean embedded = api.embeddedDatabase();
        InetAddress serverAddress = server.getAddress();
        this.beyondLoopback = serverAddress == null || !serverAddress.isLoopbackAddress();
        if (email.isBlank() || password.isEmpty()) {
            if (!embedded) {
                throw new IllegalStateException(
                        "ADMIN_EMAIL and ADMIN_PASSWORD are required with an external database");
            }
            if (beyondLoopback) {
                throw new IllegalStateException("ADMIN_EMAIL and ADMIN_PASSWORD are required when the API listens "
                        + "beyond loopback (SERVER_ADDRESS="
                        + (serverAddress == null ? "" : serverAddress.getHostAddress())
                        + "): the development admin password is public");
            }
            email = DEFAULT_EMAIL;
            password = DEFAULT_PASSWORD;
        }
        this.email = email.strip().toLowerCase(Locale.ROOT);
        if (!this.email.matches("[^\\s'\"\\\\@]+@[^\\s'\"\\\\@]+")) {
            throw new IllegalStateException("ADMIN_EMAIL is not a valid email address");
        }
        if (!PasswordBytes.Validator.fits(password)) {
            throw new IllegalStateException("ADMIN_PASSWORD " + PasswordBytes.MESSAGE);
        }
        this.password = password;
        this.passwords = passwords;
    }

    @Override
    public void customize(FluentConfiguration configuration) {
        Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
        placeholders.put("admin_email", email);
        placeholders.put("admin_password_hash", passwords.hashNow(password));
        configuration.placeholders(placeholders);
        if (beyondLoopback) {
            configuration.callbacks(new NoPublicAdminPassword());
        }
        log.info("Admin account: {}", email);
    }

    /**
     * After the migrations, on a server that listens beyond loopback: the development
     * admin account must not be there with its public password. It is, when a data
     * directory first used on loopback (where the development defaults apply and V2
     * seeded them) is served to the network later: V2 never runs again to change it.
     */
    private final class NoPublicAdminPassword extends BaseCallback {

        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_MIGRATE;
        }

        @Override
        public void handle(Event event, Context context) {
            try (var statement = context.getConnection()
                .prepareStatement("SELECT password FROM users WHERE email = ? AND role = 'admin'")) {
                statement.setString(1, DEFAULT_EMAIL);
                try (var rows = statement.executeQuery()) {
                    if (rows.next() && passwords.matchesNow(DEFAULT_PASSWORD, rows.getString(1))) {
                        throw new IllegalStateException("The development admin account " + DEFAULT_EMAIL
                                + " still has its public password in this database, and the API listens beyond "
                                + "loopback: change that password (or delete the account) first, or listen on "
                                + "127.0.0.1");
                    }
                }
            }
            catch (SQLException e) {
                throw new IllegalStateException("Could not check the development admin account", e);
            }
        }

        @Override
        public String getCallbackName() {
            return "no-public-admin-password";
        }

    }

}
