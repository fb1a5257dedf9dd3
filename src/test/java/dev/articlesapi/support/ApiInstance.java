package dev.articlesapi.support;

import dev.articlesapi.ArticlesApiApplication;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * An application instance of the test's own, beside the one {@link ApiTest} starts (or
 * instead of it): the whole API on a random port, configured like every test's (the test
 * database, its secrets and admin, see {@link TestDatabase}) except for the given
 * properties, which take precedence ({@code "name=value"}; a blank value blanks the
 * setting). Closing it stops it; closing it again does nothing.
 *
 * <pre>{@code
 * try (var other = ApiInstance.start("articles.throttle.max-failures-per-email=12")) {
 *     other.client().get().uri("/articles").exchange().expectStatus().isOk();
 * }
 * }</pre>
 */
public final class ApiInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private ApiInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance; a failed start-up throws what Spring Boot threw. */
    public static ApiInstance start(String... properties) {
        TestDatabase.start();
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new ApiInstance(
                new SpringApplicationBuilder(ArticlesApiApplication.class).run(args.toArray(String[]::new)));
    }

    public int port() {
        return Integer.parseInt(property("local.server.port"));
    }

    /**
     * {@code http://127.0.0.1:<port>} (the address every instance listens on, the
     * loopback-only one included).
     */
    public String url() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * A client of this instance, through the given filters (a test's
     * {@link ContractCheck}, for one).
     */
    public WebTestClient client(ExchangeFilterFunction... filters) {
        var builder = WebTestClient.bindToServer().baseUrl(url()).responseTimeout(Duration.ofSeconds(30));
        for (ExchangeFilterFunction filter : filters) {
            builder = builder.filter(filter);
        }
        return builder.build();
    }

    /** A setting as this instance resolved it. */
    public String property(String name) {
        return context.getEnvironment().getProperty(name);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }

}
