package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What a front-end developer does with the document, against this running API:
 * {@code clients/typescript} lints the served document with Redocly's recommended rules,
 * generates TypeScript types from it with openapi-typescript, type-checks a client script
 * written with openapi-fetch against them, and runs it (sign-up, log-in, a category as
 * admin, an article created, read, paged, updated, read conditionally and deleted).
 * Node.js and npm must be on the PATH; the packages are pinned by the folder's
 * package-lock.json.
 */
class TypeScriptClientIT extends ApiTest {

    private static final Path CLIENT = Path.of("clients", "typescript").toAbsolutePath();

    @Test
    void theGeneratedClientLintsCompilesAndRunsAgainstTheApi() throws Exception {
        Path log = Path.of("target", "typescript-client.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Path installed = CLIENT.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.exists(installed) || Files.getLastModifiedTime(installed)
            .compareTo(Files.getLastModifiedTime(CLIENT.resolve("package-lock.json"))) < 0) {
            run(log, 600, "npm", "ci", "--no-audit", "--no-fund");
        }
        String api = "http://localhost:" + port;
        run(log, 300, Map.of("OPENAPI_URL", api + "/v3/api-docs", "API_URL", api, "ADMIN_EMAIL",
                TestDatabase.ADMIN_EMAIL, "ADMIN_PASSWORD", TestDatabase.ADMIN_PASSWORD), "npm", "test");
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(output).contains("0 errors").doesNotContainIgnoringCase("warning");
    }

    private static void run(Path log, long seconds, String... command) throws IOException, InterruptedException {
        run(log, seconds, Map.of(), command);
    }

    private static void run(Path log, long seconds, Map<String, String> env, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(CLIENT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        Process process = builder.start();
        boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(ended).as(String.join(" ", command) + " within " + seconds + " s:\n" + tail(output)).isTrue();
        assertThat(process.exitValue())
            .as(String.join(" ", command) + " in " + CLIENT + File.separator + ":\n" + tail(output))
            .isZero();
    }

    private static String tail(String output) {
        return output.length() <= 6000 ? output : "..." + output.substring(output.length() - 6000);
    }

}
