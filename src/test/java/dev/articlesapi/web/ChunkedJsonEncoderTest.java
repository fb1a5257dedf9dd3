package dev.articlesapi.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.EncodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import tools.jackson.databind.json.JsonMapper;

class ChunkedJsonEncoderTest {

    record Item(long id, String title, String content) {
    }

    record Body(String name, List<Item> items) {
    }

    record Broken(String name) {
        public String getBoom() {
            throw new IllegalStateException("boom");
        }
    }

    private final TrackedBuffers factory = new TrackedBuffers();

    private final List<ByteBuf> allocated = factory.allocated;

    private final JsonMapper mapper = JsonMapper.builder().build();

    private String encode(JacksonJsonEncoder encoder, Object value) {
        DataBuffer buffer = encoder.encodeValue(value, factory, ResolvableType.forInstance(value),
                MediaType.APPLICATION_JSON, Map.of());
        String json = buffer.toString(StandardCharsets.UTF_8);
        DataBufferUtils.release(buffer);
        return json;
    }

    @Test
    void writesTheBytesSpringsEncoderWritesInBuffersOfAtMost16KB() {
        Body large = new Body("Java \u00e9\u00e8 \ud83d\ude00 \u001f",
                IntStream.range(0, 1000)
                    .mapToObj(i -> new Item(i, "Title " + i + " <b>&</b> \"quoted\"", "x".repeat(500)))
                    .toList());
        Body small = new Body("small", List.of(new Item(1, "one", "two")));
        for (Body value : List.of(large, small)) {
            String spring = encode(new JacksonJsonEncoder(mapper), value);
            allocated.clear();
            assertThat(encode(new ChunkedJsonEncoder(mapper), value)).isEqualTo(spring);
            assertThat(allocated).allSatisfy(b -> assertThat(b.capacity()).isLessThanOrEqualTo(16384));
            assertThat(allocated).allSatisfy(b -> assertThat(b.refCnt()).as("released with the body").isZero());
        }
        assertThat(encode(new JacksonJsonEncoder(mapper), large).length()).isGreaterThan(500_000);
    }

    @Test
    void aValueThatCannotBeWrittenFailsAsEncodingErrorAndReleasesWhatWasWritten() {
        allocated.clear();
        assertThatThrownBy(() -> encode(new ChunkedJsonEncoder(mapper), new Broken("x".repeat(40_000))))
            .isInstanceOf(EncodingException.class);
        assertThat(allocated).isNotEmpty().allSatisfy(b -> assertThat(b.refCnt()).isZero());
    }

}
