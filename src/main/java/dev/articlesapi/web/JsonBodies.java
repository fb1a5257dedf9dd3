package dev.articlesapi.web;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON bodies written while their parts arrive (the rows of a result, one at a time) into
 * pooled buffers, with the application's {@link JsonMapper}. A body assembled as objects
 * first (a category with its 800 articles) keeps every row's objects on the heap until
 * the last row has arrived, and under load that is long enough for the young collections
 * to copy them again and again, then promote them (GET /categories/{id} at 64
 * connections: 120-150 MB of a 192 MB heap still occupied after each young collection).
 * Written here, each row is garbage as soon as its JSON is in the (off-heap) buffers.
 * bench/README.md has the measurement.
 */
@Component
public class JsonBodies {

    private final JsonMapper mapper;

    public JsonBodies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * One body from the parts: {@code write} writes each part ({@link Document#first()}
     * tells whether the document is still to be opened), {@code end} closes the document
     * after the last. Empty when there is no part. The buffers are released when a part
     * or the writing fails, or the subscriber cancels.
     */
    public <T> Mono<DataBuffer> write(Flux<T> parts, DataBufferFactory buffers, BiConsumer<Document, T> write,
            Consumer<Document> end) {
        return parts.reduceWith(() -> new Document(mapper, buffers), (document, part) -> {
            write.accept(document, part);
            document.parts++;
            return document;
        }).doOnDiscard(Document.class, Document::release).mapNotNull(document -> {
            if (document.parts == 0) {
                document.release();
                return null;
            }
            try {
                end.accept(document);
                return document.finish();
            }
            catch (RuntimeException | Error e) {
                document.release();
                throw e;
            }
        });
    }

    /** 200 with the body, as {@code application/json} with its length. */
    public static Mono<ServerResponse> ok(DataBuffer body) {
        return ServerResponse.ok()
            .contentType(MediaType.APPLICATION_JSON)
            .contentLength(body.readableByteCount())
            .body(BodyInserters.fromDataBuffers(Mono.just(body)));
    }

    /** A document being written: its generator writes into pooled buffers. */
    public static final class Document {

        private final JsonMapper mapper;

        private final PooledChunks out;

        private final JsonGenerator generator;

        private long parts;

        private Document(JsonMapper mapper, DataBufferFactory buffers) {
            this.mapper = mapper;
            this.out = new PooledChunks(buffers);
            this.generator = mapper.createGenerator(out);
        }

        /** Whether no part has been written yet. */
        public boolean first() {
            return parts == 0;
        }

        public JsonGenerator generator() {
            return generator;
        }

        /** Writes the value as the mapper would, at the generator's position. */
        public void value(Object value) {
            mapper.writeValue(generator, value);
        }

        private DataBuffer finish() {
            generator.close();
            return out.joined();
        }

        private void release() {
            out.release();
        }

    }

}
