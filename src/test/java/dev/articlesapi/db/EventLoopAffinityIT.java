package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.articlesapi.support.ApiTest;
import dev.articlesapi.support.ArticlePatchBody;
import io.r2dbc.proxy.ProxyConnectionFactory;
import io.r2dbc.proxy.core.QueryExecutionInfo;
import io.r2dbc.proxy.listener.ProxyExecutionListener;
import io.r2dbc.spi.ConnectionFactory;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * A request's statements run on a connection that lives on the request's own event loop:
 * the request arrives, its statements are sent, their rows decoded and its answer
 * committed on one thread, the event loop of the request's HTTP connection.
 */
@Import(EventLoopAffinityIT.Recorder.class)
class EventLoopAffinityIT extends ApiTest {

    @Autowired
    private Recorder recorder;

    @BeforeEach
    void clear() {
        recorder.steps.clear();
    }

    @Test
    void aPublicReadRunsOnItsRequestsEventLoop() {
        long id = createArticle(signedIn("reader@example.com"), "On one loop");
        for (int i = 0; i < 8; i++) { // over several connections of the client, so over
                                      // several loops
            recorder.steps.clear();
            http.get().uri("/articles/{id}", id).exchange().expectStatus().isOk();
            assertOneLoop(List.of("request", "statement", "row", "commit"));
        }
    }

    @Test
    void aWriteRunsOnItsRequestsEventLoop() {
        String token = signedIn("writer@example.com");
        long id = createArticle(token, "Before");
        Set<String> loops = new HashSet<>();
        for (int i = 0; i < 8; i++) {
            recorder.steps.clear();
            newConnection().patch()
                .uri("/articles/{id}", id)
                .headers(bearer(token))
                .bodyValue(new ArticlePatchBody("After " + i, null, null))
                .exchange()
                .expectStatus()
                .isOk();
            loops.add(assertOneLoop(List.of("request", "statement", "row", "commit")));
        }
        assertThat(loops).as("the server's loops the requests came in on").hasSizeGreaterThan(1);
    }

    /**
     * A client that opens a new connection for each request: the server takes turns
     * between its event loops for new connections.
     */
    private WebTestClient newConnection() {
        return WebTestClient
            .bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
            .baseUrl("http://localhost:" + port)
            .build();
    }

    private String signedIn(String email) {
        signUp(email);
        return logIn(email);
    }

    /**
     * Every step of the request happened, each on the event loop of its connection: that
     * loop's thread.
     */
    private String assertOneLoop(List<String> expected) {
        List<Step> steps = List.copyOf(recorder.steps);
        assertThat(steps).extracting(Step::what).containsAll(expected);
        String loop = steps.get(0).thread();
        assertThat(loop).contains("http");
        assertThat(steps).allSatisfy(step -> assertThat(step.thread()).as(step.what()).isEqualTo(loop));
        assertThat(steps).filteredOn(step -> step.what().equals("commit"))
            .allSatisfy(step -> assertThat(step.onRequestsLoop()).isTrue());
        return loop;
    }

    record Step(String what, String thread, boolean onRequestsLoop) {
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Recorder implements ProxyExecutionListener {

        final Queue<Step> steps = new ConcurrentLinkedQueue<>();

        private void step(String what) {
            steps.add(new Step(what, Thread.currentThread().getName(), true));
        }

        @Override
        public void beforeQuery(QueryExecutionInfo info) {
            step("statement");
        }

        @Override
        public void eachQueryResult(QueryExecutionInfo info) {
            step("row");
        }

        @Bean
        static BeanPostProcessor recordingConnectionFactory(ObjectProvider<Recorder> recorder) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof ConnectionFactory cf && name.equals("connectionFactory")
                            ? ProxyConnectionFactory.builder(cf).listener(recorder.getObject()).build() : bean;
                }
            };
        }

        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        WebFilter recordingFilter() {
            return (exchange, chain) -> {
                Connection connection = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
                step("request");
                exchange.getResponse().beforeCommit(() -> {
                    steps.add(new Step("commit", Thread.currentThread().getName(),
                            connection.channel().eventLoop().inEventLoop()));
                    return Mono.empty();
                });
                return chain.filter(exchange);
            };
        }

    }

}
