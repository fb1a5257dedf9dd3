package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.articlesapi.support.ApiTest;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ValidationDepth;
import io.r2dbc.spi.Wrapped;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Connections of the API's pool whose conversation may be broken never serve another
 * request.
 */
class ConnectionGuardIT extends ApiTest {

    @Autowired
    private ConnectionFactory connections;

    private static int backendPid(Connection c) {
        return Flux.from(c.createStatement("SELECT pg_backend_pid() AS pid").execute())
            .flatMap(r -> r.map(row -> row.get("pid", Integer.class)))
            .blockLast();
    }

    private boolean backendAlive(int pid) {
        return db.sql("SELECT count(*) AS n FROM pg_stat_activity WHERE pid = :pid")
            .bind("pid", pid)
            .map(r -> r.get("n", Long.class))
            .one()
            .block() == 1;
    }

    /** The driver's connection under the pool's and the guard's wrappers. */
    private static Connection physical(Connection c) {
        Connection inner = c;
        while (inner instanceof Wrapped<?> w && w.unwrap() instanceof Connection next) {
            inner = next;
        }
        return inner;
    }

    private static boolean open(Connection physical) {
        return Mono.from(physical.validate(ValidationDepth.LOCAL)).block();
    }

    @Test
    void aConnectionWhoseAnswerWasCancelledMidwayIsClosedWhenGivenBack() {
        Connection c = Mono.from(connections.create()).block();
        int pid = backendPid(c);
        Connection physical = physical(c);
        Flux.from(c.createStatement("SELECT g FROM generate_series(1, 200000) g").execute())
            .flatMap(r -> r.map(row -> row.get(0)))
            .take(10)
            .blockLast();
        Mono.from(c.close()).block();
        await().atMost(Duration.ofSeconds(30)).until(() -> !open(physical) && !backendAlive(pid));
    }

    @Test
    void aConnectionGivenBackWhileAnAnswerIsStillArrivingIsClosed() {
        // the state a cancel that reaches the statement late leaves: rows still coming,
        // the connection already back
        Connection c = Mono.from(connections.create()).block();
        int pid = backendPid(c);
        Connection physical = physical(c);
        List<Object> rows = new CopyOnWriteArrayList<>();
        Flux.from(c.createStatement("SELECT g FROM generate_series(1, 200000) g").execute())
            .flatMap(r -> r.map(row -> row.get(0)))
            .subscribe(new BaseSubscriber<>() {
                @Override
                protected void hookOnSubscribe(Subscription s) {
                    s.request(10);
                }

                @Override
                protected void hookOnNext(Object row) {
                    rows.add(row);
                }
            });
        await().atMost(Duration.ofSeconds(10)).until(() -> rows.size() == 10);
        Mono.from(c.close()).block();
        await().atMost(Duration.ofSeconds(30)).until(() -> !open(physical) && !backendAlive(pid));
    }

    @Test
    void aConnectionWhoseAnswersEndedGoesBackToThePoolOpen() {
        Connection c = Mono.from(connections.create()).block();
        Connection physical = physical(c);
        long rows = Flux.from(c.createStatement("SELECT g FROM generate_series(1, 1000) g").execute())
            .flatMap(r -> r.map(row -> row.get(0)))
            .count()
            .block();
        assertThat(rows).isEqualTo(1000);
        Mono.from(c.close()).block();
        // back in the pool, idle, and still able to answer (nothing else runs on it
        // during this test)
        assertThat(open(physical)).isTrue();
        assertThat(backendPid(physical)).isPositive();
    }

    @Test
    void aConnectionHeldPastTheStallTimeoutIsClosedUnderItsHolder() {
        Connection c = Mono.from(connections.create()).block();
        int pid = backendPid(c);
        // stall-timeout: 3 s by default
        await().atMost(Duration.ofSeconds(10)).until(() -> !backendAlive(pid));
        Mono.from(c.close()).block();
        Connection fresh = Mono.from(connections.create()).block();
        // the pool dropped the closed one
        assertThat(backendPid(fresh)).isNotEqualTo(pid);
        Mono.from(fresh.close()).block();
    }

}
