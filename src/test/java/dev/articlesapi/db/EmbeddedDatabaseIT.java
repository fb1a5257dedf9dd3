package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.articlesapi.ArticlesApiApplication;
import dev.articlesapi.support.TestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The run command's default: an embedded PostgreSQL whose data directory survives a restart of the API. */
class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... more) {
        TestDatabase.start(); // sets system properties for the other tests; the blank URL below overrides them
        List<String> args = new ArrayList<>(List.of("--spring.r2dbc.url=", "--EMBEDDED_DB_DIR=" + dataDir,
                "--server.port=0"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(ArticlesApiApplication.class).run(args.toArray(String[]::new));
    }

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void embeddedModeListensOnLoopbackOnly() {
        try (var api = start()) {
            int port = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
            assertThat(accepts("127.0.0.1", port)).isTrue();
            assertThat(accepts("127.0.0.2", port)).as("bound to 127.0.0.1 alone").isFalse();
        }
    }

    @Test
    void embeddedModeOpenedToOtherHostsRefusesTheDevelopmentAdminPassword() {
        assertThatThrownBy(() -> start("--server.address=0.0.0.0", "--articles.admin.email=",
                "--articles.admin.password="))
                .hasStackTraceContaining("ADMIN_EMAIL and ADMIN_PASSWORD are required when the API listens beyond");
        try (var api = start("--server.address=0.0.0.0")) { // with an admin password of its own: fine
            int port = Integer.parseInt(api.getEnvironment().getProperty("local.server.port"));
            assertThat(accepts("127.0.0.2", port)).isTrue();
        }
    }

    @Test
    void aDataDirectorySeededOnLoopbackWithTheDevelopmentAdminIsNotServedBeyondLoopback() {
        try (var loopbackOnly = start("--articles.admin.email=", "--articles.admin.password=")) {
            assertThat(loopbackOnly.getEnvironment().getProperty("server.address")).isEqualTo("127.0.0.1");
        }
        assertThatThrownBy(() -> start("--server.address=0.0.0.0"))
                .hasStackTraceContaining("still has its public password");
    }

    private static WebTestClient client(ConfigurableApplicationContext ctx) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + ctx.getEnvironment().getProperty("local.server.port")).build();
    }

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() {
        try (var first = start()) {
            assertThat(first.getEnvironment().getProperty("articles.embedded-database")).isEqualTo("true");
            assertThat(first.getEnvironment().getProperty("spring.r2dbc.url")).doesNotContain(
                    System.getProperty("spring.r2dbc.url"));
            client(first).post().uri("/authentication/sign-up").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "kept@example.com", "name", "Kept", "password", "password123"))
                    .exchange().expectStatus().isCreated().expectBody().jsonPath("$.id").isEqualTo(2);
        }
        assertThat(dataDir.resolve("PG_VERSION")).exists();
        try (var second = start()) {
            WebTestClient client = client(second);
            client.get().uri("/users/2").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Kept");
            client.get().uri("/users/1").exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("Admin");
            client.post().uri("/authentication/log-in").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("email", "kept@example.com", "password", "password123"))
                    .exchange().expectStatus().isOk();
        }
    }
}
