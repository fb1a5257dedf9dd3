package dev.articlesapi.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The admin account seeded at start-up. Both are required unless the API runs its
 * embedded database on loopback, where the development account is used
 * ({@link AdminSeed}).
 *
 * @param email the admin's email ({@code ADMIN_EMAIL})
 * @param password the admin's password, 8-72 bytes ({@code ADMIN_PASSWORD})
 */
@ConfigurationProperties("articles.admin")
record AdminProperties(String email, String password) {

    AdminProperties {
        email = email == null ? "" : email;
        password = password == null ? "" : password;
    }
}
