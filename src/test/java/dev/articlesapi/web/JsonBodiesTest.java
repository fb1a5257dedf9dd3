package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class JsonBodiesTest {

    record Item(long id, String title, String content) {
    }

    record Body(String name, List<Item> items) {
    }

    private final TrackedBuffers factory = new TrackedBuffers();

    private final List<ByteBuf> allocated = factory.allocated;

    private final JsonMapper mapper = JsonMapper.builder().build();

    private final JsonBodies bodies = new JsonBodies(mapper);

    /** {"name":..,"items":[..]}, the name with the first item. */
    private Mono<DataBuffer> write(String name, Flux<Item> items) {
        return bodies.write(items, factory, (document, item) -> {
            if (document.first()) {
                document.generator()
                    .writeStartObject()
                    .writeStringProperty("name", name)
                    .writeArrayPropertyStart("items");
            }
            document.value(item);
        }, document -> document.generator().writeEndArray().writeEndObject());
    }

    @Test
    void writesWhatTheMapperWritesForTheWholeValueInBuffersOfAtMost16KB() {
        List<Item> items = IntStream.range(0, 1000)
            .mapToObj(i -> new Item(i, "Title " + i + " \u00e9\ud83d\ude00 \"quoted\" \u001f", "x".repeat(500)))
            .toList();
        String name = "Java \u00e9\u00e8";

        DataBuffer body = write(name, Flux.fromIterable(items)).block();

        String json = body.toString(StandardCharsets.UTF_8);
        assertThat(json).isEqualTo(mapper.writeValueAsString(new Body(name, items)));
        assertThat(json.length()).isGreaterThan(500_000);
        assertThat(allocated).hasSizeGreaterThan(30)
            .allSatisfy(b -> assertThat(b.capacity()).isLessThanOrEqualTo(16384));
        DataBufferUtils.release(body);
        assertThat(allocated).allSatisfy(b -> assertThat(b.refCnt()).as("released with the body").isZero());
    }

    @Test
    void noPartsIsNoBodyAndNothingHeld() {
        StepVerifier.create(write("none", Flux.empty())).verifyComplete();
        assertThat(allocated).isNotEmpty().allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void partsThatFailHalfwayReleaseWhatWasWritten() {
        Flux<Item> failing = Flux.range(0, 100)
            .map(i -> new Item(i, "t", "x".repeat(1000)))
            .concatWith(Mono.error(new IllegalStateException("the database went away")));

        StepVerifier.create(write("failing", failing)).verifyErrorMessage("the database went away");
        assertThat(allocated).hasSizeGreaterThan(5).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void aCancelledBodyReleasesWhatWasWritten() {
        Flux<Item> endless = Flux.range(0, 100).map(i -> new Item(i, "t", "x".repeat(1000))).concatWith(Flux.never());

        StepVerifier.create(write("cancelled", endless)).thenAwait().thenCancel().verify();
        assertThat(allocated).hasSizeGreaterThan(5).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

    @Test
    void aPartThatCannotBeWrittenFailsAndReleasesWhatWasWritten() {
        Flux<Item> parts = Flux.range(0, 100).map(i -> new Item(i, "t", "x".repeat(1000)));
        Mono<DataBuffer> body = bodies.write(parts, factory, (document, item) -> {
            if (item.id() == 50) {
                throw new IllegalArgumentException("not writable");
            }
            document.value(item);
        }, document -> {
        });

        StepVerifier.create(body).verifyErrorMessage("not writable");
        assertThat(allocated).hasSizeGreaterThan(2).allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

}
