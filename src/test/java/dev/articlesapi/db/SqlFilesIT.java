package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.SqlFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The SQL files hold what really runs: every statement the API sends to PostgreSQL over a
 * walk through its routes (through its own DatabaseClient, pool and guard) is the text of
 * one of them. The *SqlTest unit tests render the files on a stand-in for the database;
 * this checks that stand-in against the real thing.
 */
class SqlFilesIT extends ApiTest {

    @Test
    void everyStatementSentIsOneOfTheSqlFiles() throws IOException {
        statements.reset();
        long ann = signUp("ann@example.com");
        var logIn = http.post()
            .uri("/authentication/log-in")
            .contentType(MediaType.APPLICATION_JSON)
            .bodyValue(Map.of("email", "ann@example.com", "password", PASSWORD))
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class);
        String token = logIn.getResponseCookies().getFirst("Authentication").getValue();
        String refresh = logIn.getResponseCookies().getFirst("Refresh").getValue();
        send("GET", "/authentication", token, null).expectStatus().isOk();
        long tech = createCategory("Tech");
        long science = createCategory("Science");
        long article = createArticle(token, "Reactive streams", tech);
        long other = createArticle(token, "Other", science);
        send("GET", "/articles/" + article, null, null).expectStatus().isOk();
        send("GET", "/categories", null, null).expectStatus().isOk();
        send("GET", "/categories/" + tech, null, null).expectStatus().isOk();
        for (int present = 0; present < 16; present++) {
            String query = "?limit=5" + ((present & 1) == 0 ? "" : "&authorId=" + ann)
                    + ((present & 2) == 0 ? "" : "&categoryId=" + tech) + ((present & 4) == 0 ? "" : "&search=reactive")
                    + ((present & 8) == 0 ? "" : "&after=0");
            send("GET", "/articles" + query, null, null).expectStatus().isOk();
            http.get()
                .uri("/articles" + query)
                .accept(MediaType.APPLICATION_NDJSON)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class);
        }
        send("PUT", "/articles/" + article, token,
                Map.of("title", "Replaced", "content", "Replaced", "categoryIds", List.of(tech, science)))
            .expectStatus()
            .isOk();
        send("PATCH", "/articles/" + article, token, Map.of("title", "Patched")).expectStatus().isOk();
        send("DELETE", "/articles/" + article + "/categories/" + science, token, null).expectStatus().is2xxSuccessful();
        send("PUT", "/articles/" + article + "/categories/" + science, token, null).expectStatus().is2xxSuccessful();
        send("PUT", "/categories/" + tech, adminToken(), Map.of("name", "Technology")).expectStatus().isOk();
        send("DELETE", "/categories/" + science, adminToken(), null).expectStatus().is2xxSuccessful();
        send("DELETE", "/articles/" + article, token, null).expectStatus().is2xxSuccessful();
        send("DELETE", "/articles/" + other, token, null).expectStatus().is2xxSuccessful();
        send("PUT", "/users/me/address", token, Map.of("city", "Oslo")).expectStatus().is2xxSuccessful();
        send("GET", "/users/" + ann, token, null).expectStatus().isOk();
        send("DELETE", "/users/me/address", token, null).expectStatus().is2xxSuccessful();
        String next = http.post()
            .uri("/authentication/refresh")
            .cookie("Refresh", refresh)
            .exchange()
            .expectStatus()
            .isOk()
            .returnResult(String.class)
            .getResponseCookies()
            .getFirst("Authentication")
            .getValue();
        http.post()
            .uri("/authentication/log-out")
            .headers(h -> h.setBearerAuth(next))
            .exchange()
            .expectStatus()
            .is2xxSuccessful();
        send("DELETE", "/users/" + ann, adminToken(), null).expectStatus().is2xxSuccessful();

        Set<String> files;
        try (Stream<Path> list = Files.list(SqlFiles.DIRECTORY)) {
            files = list.filter(f -> f.toString().endsWith(".sql")).map(SqlFilesIT::read).collect(Collectors.toSet());
        }
        assertThat(statements.queries()).as("statements sent").hasSizeGreaterThan(40);
        List<String> unknown = statements.queries()
            .stream()
            .map(SqlFiles::normalize)
            .distinct()
            .filter(sql -> !files.contains(sql))
            .toList();
        assertThat(unknown).as("statements sent that no file in src/test/resources/sql holds").isEmpty();
    }

    private static String read(Path file) {
        try {
            return SqlFiles.normalize(Files.readString(file));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
