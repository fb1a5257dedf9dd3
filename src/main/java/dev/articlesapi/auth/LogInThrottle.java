package dev.articlesapi.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.articlesapi.web.ApiException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Failed log-ins are counted per email and per client address in Bucket4j token buckets (in memory, so the limits
 * are per API instance); once either bucket is empty, log-ins for it get 429 until it refills.
 */
@Component
public class LogInThrottle {

    /**
     * @param maxFailuresPerEmail   failed log-ins for one email within the window
     * @param maxFailuresPerAddress failed log-ins from one client address within the window
     * @param window                the window; the buckets refill completely over it
     */
    @ConfigurationProperties("articles.log-in-throttle")
    record Settings(int maxFailuresPerEmail, int maxFailuresPerAddress, Duration window) {}

    private final Settings settings;
    private final Cache<String, Bucket> byEmail;
    private final Cache<String, Bucket> byAddress;

    LogInThrottle(Settings settings) {
        this.settings = settings;
        this.byEmail = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(settings.window()).build();
        this.byAddress = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(settings.window()).build();
    }

    /** Completes when both the email and the address may still try; a 429 error otherwise. */
    Mono<Void> check(String email, String address) {
        return Mono.fromRunnable(() -> {
            long wait = Math.max(waitNanos(byEmail.getIfPresent(email)), waitNanos(byAddress.getIfPresent(address)));
            if (wait > 0) {
                throw ApiException.tooManyRequests("Too many failed log-ins; try again later",
                        Duration.ofNanos(wait));
            }
        });
    }

    void failed(String email, String address) {
        byEmail.get(email, k -> bucket(settings.maxFailuresPerEmail())).tryConsume(1);
        byAddress.get(address, k -> bucket(settings.maxFailuresPerAddress())).tryConsume(1);
    }

    /** Forgets every count (tests; an operator after an incident). */
    public void reset() {
        byEmail.invalidateAll();
        byAddress.invalidateAll();
    }

    private Bucket bucket(int capacity) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(capacity).refillIntervally(capacity, settings.window()).build())
                .build();
    }

    private static long waitNanos(Bucket bucket) {
        return bucket == null || bucket.getAvailableTokens() > 0 ? 0
                : bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
    }
}
