package dev.articlesapi.support;

import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * BlockHound is installed in every test JVM (blockhound-junit-platform): blocking on a
 * non-blocking thread fails.
 */
class BlockHoundTest {

    @Test
    void blockingCallOnANonBlockingThreadFails() {
        Mono<Integer> blocking = Mono.fromCallable(() -> {
            Thread.yield();
            return 1;
        }).subscribeOn(Schedulers.parallel());
        StepVerifier.create(blocking).expectError(BlockingOperationError.class).verify();
    }

    @Test
    void blockingCallOnBoundedElasticIsAllowed() {
        Mono<Integer> blocking = Mono.fromCallable(() -> {
            Thread.yield();
            return 1;
        }).subscribeOn(Schedulers.boundedElastic());
        StepVerifier.create(blocking).expectNext(1).verifyComplete();
    }

}
