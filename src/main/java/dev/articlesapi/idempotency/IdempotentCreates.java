package dev.articlesapi.idempotency;

import dev.articlesapi.web.ApiException;
import dev.articlesapi.web.Caller;
import dev.articlesapi.web.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Creates that a client may retry safely with an {@code Idempotency-Key}
 * (draft-ietf-httpapi-idempotency-key-header). With a key, one transaction:
 * <ol>
 * <li>claims the key with a transaction-scoped advisory lock, without waiting: when
 * another transaction holds it, the first request with that key is still running (on any
 * instance): 409;</li>
 * <li>reads the key's row: when there is one (younger than the retention), the same
 * request (its fingerprint) gets the stored answer again, status, headers and body bytes,
 * and nothing is written; another request gets 422;</li>
 * <li>otherwise runs the create and stores the key with its answer in the same
 * transaction: a create that rolls back leaves no key, one that committed replays even
 * when its answer never reached the client.</li>
 * </ol>
 * Without a key the create runs as before. Keys belong to their caller: the same key from
 * two users are two keys.
 */
@Component
public class IdempotentCreates {

    public static final String HEADER = "Idempotency-Key";

    private static final Logger log = LoggerFactory.getLogger(IdempotentCreates.class);

    private final IdempotencyRepository keys;

    private final TransactionalOperator tx;

    private final JsonMapper json;

    private final IdempotencyProperties settings;

    IdempotentCreates(IdempotencyRepository keys, TransactionalOperator tx, JsonMapper json,
            IdempotencyProperties settings) {
        this.keys = keys;
        this.tx = tx;
        this.json = json;
        this.settings = settings;
    }

    /**
     * The request's {@code Idempotency-Key}, or null without one; a 400 unless it is
     * 1-255 visible ASCII characters (and only one).
     */
    public static String key(ServerRequest req) {
        var values = req.headers().header(HEADER);
        if (values.isEmpty()) {
            return null;
        }
        String key = values.get(0);
        if (values.size() > 1 || !valid(key)) {
            throw ApiException.invalid(HEADER, "must be one value of 1-255 visible ASCII characters");
        }
        return key;
    }

    static boolean valid(String key) {
        if (key.isEmpty() || key.length() > 255) {
            return false;
        }
        return key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e);
    }

    /** The JSON bytes of a body, as every answer of a create carries them. */
    public byte[] json(Object body) {
        return json.writeValueAsBytes(body);
    }

    /**
     * Answers {@code create}'s answer; with a key (from {@link #key}), once per key as
     * described above. {@code route} and the validated {@code request} (as JSON, after
     * trimming) make the fingerprint.
     */
    public Mono<ServerResponse> create(String key, Caller caller, String route, Object request, Mono<Answer> create) {
        if (key == null) {
            return create.flatMap(Answer::response);
        }
        byte[] fingerprint = fingerprint(route, request);
        return keys.claim(caller.id(), key)
            .flatMap(claimed -> claimed
                    ? keys.find(caller.id(), key, settings.retention())
                        .map(stored -> replay(stored, fingerprint))
                        .switchIfEmpty(Mono.defer(() -> create
                            .flatMap(answer -> keys.store(caller.id(), key, fingerprint, answer).thenReturn(answer))))
                    : Mono.error(() -> ApiException
                        .conflict("A request with this Idempotency-Key is still being processed; retry it later")))
            .as(tx::transactional)
            .flatMap(Answer::response);
    }

    private static Answer replay(IdempotencyRepository.Stored stored, byte[] fingerprint) {
        if (!MessageDigest.isEqual(stored.fingerprint(), fingerprint)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT,
                    "This Idempotency-Key was used with a different request");
        }
        return stored.answer();
    }

    private byte[] fingerprint(String route, Object request) {
        MessageDigest digest = Sha256.digest();
        digest.update(route.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        return digest.digest(json(request));
    }

    /** Drops keys older than the retention; Spring subscribes on its schedule. */
    @Scheduled(fixedDelayString = "${articles.idempotency.prune-every}", initialDelayString = "PT1M")
    public Mono<Long> prune() {
        return keys.prune(settings.retention())
            .doOnNext(n -> log.debug("Pruned {} expired idempotency keys", n))
            .onErrorResume(e -> {
                log.warn("Could not prune idempotency keys: {}", e.toString());
                return Mono.empty();
            });
    }

}
