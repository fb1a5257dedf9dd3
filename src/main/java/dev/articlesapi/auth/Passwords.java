package dev.articlesapi.auth;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** BCrypt, always off the event loop. */
@Component
public class Passwords {

    static final int COST = 10;

    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(COST);

    /**
     * Compared against when the email is unknown, so that both failures take the same
     * time.
     */
    private final String dummyHash = bcrypt.encode("not-a-password-of-anyone");

    public Mono<String> hash(String password) {
        return Mono.fromCallable(() -> bcrypt.encode(password)).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Whether the password matches the hash; a null hash (unknown user) costs the same
     * and never matches.
     */
    public Mono<Boolean> matches(String password, String hash) {
        return Mono.fromCallable(() -> bcrypt.matches(password, hash == null ? dummyHash : hash) && hash != null)
            .subscribeOn(Schedulers.boundedElastic());
    }

    /** Blocking check for start-up work (the admin seed), never on a request path. */
    boolean matchesNow(String password, String hash) {
        return hash != null && bcrypt.matches(password, hash);
    }

    /** Blocking hash for start-up work (the admin seed), never on a request path. */
    String hashNow(String password) {
        return bcrypt.encode(password);
    }

}
