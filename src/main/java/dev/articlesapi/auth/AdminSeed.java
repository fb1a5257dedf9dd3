package dev.articlesapi.auth;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Hands the admin account to the seed migration ({@code V2__seed_admin.sql}) as Flyway placeholders, with the
 * password already hashed. {@code ADMIN_EMAIL} and {@code ADMIN_PASSWORD} are required unless the API runs on
 * its embedded database and listens on loopback only, where documented development defaults apply.
 */
@Component
class AdminSeed implements FlywayConfigurationCustomizer {

    static final String DEFAULT_EMAIL = "admin@articles.local";
    static final String DEFAULT_PASSWORD = "admin-password";
    private static final Logger log = LoggerFactory.getLogger(AdminSeed.class);

    private final String email;
    private final String password;
    private final Passwords passwords;

    AdminSeed(@Value("${articles.admin.email:}") String email, @Value("${articles.admin.password:}") String password,
              @Value("${articles.embedded-database:false}") boolean embedded,
              @Value("${server.address:}") String serverAddress, Passwords passwords) {
        if (email.isBlank() || password.isEmpty()) {
            if (!embedded) {
                throw new IllegalStateException("ADMIN_EMAIL and ADMIN_PASSWORD are required with an external database");
            }
            if (!loopback(serverAddress)) {
                throw new IllegalStateException("ADMIN_EMAIL and ADMIN_PASSWORD are required when the API listens "
                        + "beyond loopback (SERVER_ADDRESS=" + serverAddress + "): the development admin password "
                        + "is public");
            }
            email = DEFAULT_EMAIL;
            password = DEFAULT_PASSWORD;
        }
        this.email = email.strip().toLowerCase(Locale.ROOT);
        if (!this.email.matches("[^\\s'\"\\\\@]+@[^\\s'\"\\\\@]+")) {
            throw new IllegalStateException("ADMIN_EMAIL is not a valid email address");
        }
        int bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes < 8 || bytes > 72) {
            throw new IllegalStateException("ADMIN_PASSWORD must be between 8 and 72 bytes long");
        }
        this.password = password;
        this.passwords = passwords;
    }

    /** Whether the server listens on a loopback address only (unset: every interface). */
    static boolean loopback(String serverAddress) {
        if (serverAddress.isBlank()) {
            return false;
        }
        try {
            return java.net.InetAddress.getByName(serverAddress.strip()).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void customize(org.flywaydb.core.api.configuration.FluentConfiguration configuration) {
        Map<String, String> placeholders = new HashMap<>(configuration.getPlaceholders());
        placeholders.put("admin_email", email);
        placeholders.put("admin_password_hash", passwords.hashNow(password));
        configuration.placeholders(placeholders);
        log.info("Admin account: {}", email);
    }
}
