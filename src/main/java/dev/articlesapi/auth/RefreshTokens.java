package dev.articlesapi.auth;

import dev.articlesapi.web.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Refresh tokens: 256 random bits, base64url, known to the client only; PostgreSQL keeps
 * their SHA-256 (a database leak gives no usable token, and a token with that much
 * entropy needs no slow hash).
 */
@Component
class RefreshTokens {

    private static final Logger log = LoggerFactory.getLogger(RefreshTokens.class);

    private static final int TOKEN_BYTES = 32;

    /**
     * A DRBG seeded once here, at start-up: it then generates in memory. The platform
     * default (NativePRNG) reads /dev/urandom on the calling thread, a blocking file read
     * on the event loop (BlockHound refused it).
     */
    private final SecureRandom random;

    private final AuthRepository repository;

    private final RefreshProperties settings;

    RefreshTokens(AuthRepository repository, RefreshProperties settings) {
        this.repository = repository;
        this.settings = settings;
        try {
            this.random = SecureRandom.getInstance("DRBG");
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no DRBG SecureRandom", e);
        }
        random.nextBytes(new byte[TOKEN_BYTES]); // seeds it now
    }

    /** A token and its hash, for a new session or a rotation. */
    record Issued(String token, byte[] hash) {
    }

    Issued issue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        return new Issued(token, hash(token));
    }

    static byte[] hash(String token) {
        return Sha256.digest().digest(token.getBytes(StandardCharsets.US_ASCII));
    }

    Duration lifetime() {
        return Duration.ofSeconds(settings.expirationTime());
    }

    /**
     * A new session for a user who just proved their password; empty when the user is
     * gone.
     */
    Mono<AuthRepository.Session> start(long userId, Issued token) {
        return repository.startSession(userId, token.hash(), settings.expirationTime());
    }

    Mono<AuthRepository.Rotation> rotate(String presented, Issued next) {
        return repository.rotate(hash(presented), next.hash(), settings.expirationTime(), settings.reuseGrace());
    }

    /** Drops expired tokens; Spring subscribes to the returned Mono on its schedule. */
    @Scheduled(fixedDelayString = "${articles.refresh.prune-every}", initialDelayString = "PT1M")
    Mono<Void> prune() {
        return repository.pruneExpired()
            .doOnNext(n -> log.debug("Pruned {} expired refresh tokens", n))
            .onErrorResume(e -> {
                log.warn("Could not prune expired refresh tokens: {}", e.toString());
                return Mono.empty();
            })
            .then();
    }

}
