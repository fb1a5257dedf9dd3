package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.articlesapi.support.ApiInstance;
import dev.articlesapi.support.LogInBody;
import dev.articlesapi.support.SignUpBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The run command's default: an embedded PostgreSQL whose data directory survives a
 * restart of the API.
 */
class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    private ApiInstance start(String... more) {
        // the blank URL overrides the test database's: the API starts its embedded one
        List<String> properties = new ArrayList<>(List.of("spring.r2dbc.url=", "EMBEDDED_DB_DIR=" + dataDir));
        properties.addAll(List.of(more));
        return ApiInstance.start(properties.toArray(String[]::new));
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        }
        catch (IOException e) {
            return false;
        }
    }

    @Test
    void embeddedModeListensOnLoopbackOnly() {
        try (var api = start()) {
            int port = api.port();
            assertThat(accepts("127.0.0.1", port)).isTrue();
            assertThat(accepts("127.0.0.2", port)).as("bound to 127.0.0.1 alone").isFalse();
        }
    }

    @Test
    void embeddedModeOpenedToOtherHostsRefusesTheDevelopmentAdminPassword() {
        assertThatThrownBy(() -> start("server.address=0.0.0.0", "articles.admin.email=", "articles.admin.password="))
            .hasStackTraceContaining("ADMIN_EMAIL and ADMIN_PASSWORD are required when the API listens beyond");
        // with an admin password of its own: fine
        try (var api = start("server.address=0.0.0.0")) {
            int port = api.port();
            assertThat(accepts("127.0.0.2", port)).isTrue();
        }
    }

    @Test
    void aDataDirectorySeededOnLoopbackWithTheDevelopmentAdminIsNotServedBeyondLoopback() {
        try (var loopbackOnly = start("articles.admin.email=", "articles.admin.password=")) {
            assertThat(loopbackOnly.property("server.address")).isEqualTo("127.0.0.1");
        }
        assertThatThrownBy(() -> start("server.address=0.0.0.0"))
            .hasStackTraceContaining("still has its public password");
    }

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() {
        try (var first = start()) {
            assertThat(first.property("articles.embedded-database")).isEqualTo("true");
            assertThat(first.property("spring.r2dbc.url")).doesNotContain(System.getProperty("spring.r2dbc.url"));
            first.client()
                .post()
                .uri("/authentication/sign-up")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new SignUpBody("kept@example.com", "Kept", "password123"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(2);
        }
        assertThat(dataDir.resolve("PG_VERSION")).exists();
        try (var second = start()) {
            WebTestClient client = second.client();
            client.get()
                .uri("/users/2")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("Kept");
            client.get()
                .uri("/users/1")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.name")
                .isEqualTo("Admin");
            client.post()
                .uri("/authentication/log-in")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new LogInBody("kept@example.com", "password123"))
                .exchange()
                .expectStatus()
                .isOk();
        }
    }

}
