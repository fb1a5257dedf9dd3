package dev.articlesapi.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Runs last: the log of the whole integration run (sign-ups, log-ins, failures, errors)
 * holds no password, no password hash, no token and no cookie value, nor a generated
 * password of Boot's in-memory user. WebTestClient's own dump of a failed assertion is
 * left out: it is the test tool's, not the API's.
 */
@Order(Integer.MAX_VALUE)
class LogScanIT {

    private static final List<Pattern> SECRETS = List.of(Pattern.compile(Pattern.quote(ApiTest.PASSWORD)),
            // the admin password, and bcrypt hashes
            Pattern.compile(Pattern.quote(TestDatabase.ADMIN_PASSWORD)), Pattern.compile("\\$2[aby]\\$\\d\\d\\$"),
            Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"), // JWTs
            Pattern.compile("Authentication=[^;\\s]+")); // cookie values

    @Test
    void theIntegrationRunLogHoldsNoSecret() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(TestDatabase.LOG_FILE));
        assertThat(lines).as("the run's log").isNotEmpty();
        List<String> leaks = new ArrayList<>();
        boolean inTestToolDump = false;
        for (String line : lines) {
            if (line.contains("Request details for assertion failure")) {
                inTestToolDump = true;
            }
            else if (line.matches("^\\d{4}-\\d\\d-\\d\\dT.*")) {
                inTestToolDump = false;
            }
            if (!inTestToolDump && SECRETS.stream().anyMatch(p -> p.matcher(line).find())) {
                leaks.add(line);
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(String.join("\n", lines)).contains("POST /authentication/log-in 200")
            .doesNotContain("generated security password");
    }

}
