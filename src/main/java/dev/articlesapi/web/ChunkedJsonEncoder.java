package dev.articlesapi.web;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.EncodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.util.MimeType;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON encoder of every response, with the application's {@link JsonMapper}:
 * Spring's, except that a value is written straight into pooled buffers
 * ({@link PooledChunks}), handed to the server as one composite buffer. Spring's own
 * builds the whole value in a growing byte array, copies it into one array, then into one
 * buffer of the body's size: for GET /categories/{id} (about 625 KB) that is two 625 KB
 * arrays, which G1 allocates as humongous objects straight in the old generation
 * (concurrent collection cycles at 64 concurrent requests), and a 625 KB direct buffer
 * outside Netty's pools, whose release is a handshake with every thread (JDK 22+ memory
 * segments). Same bytes (the same mapper writes them); bench/README.md has the
 * measurement.
 */
class ChunkedJsonEncoder extends JacksonJsonEncoder {

    ChunkedJsonEncoder(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public DataBuffer encodeValue(Object value, DataBufferFactory factory, ResolvableType valueType,
            @Nullable MimeType mimeType, @Nullable Map<String, Object> hints) {
        PooledChunks out = new PooledChunks(factory);
        try {
            getMapper().writeValue(out, value);
        }
        catch (JacksonException e) {
            out.release();
            throw new EncodingException("JSON encoding error: " + e.getOriginalMessage(), e);
        }
        catch (RuntimeException | Error e) {
            out.release();
            throw e;
        }
        return out.joined();
    }

    @Configuration(proxyBeanMethods = false)
    static class Codecs {

        /**
         * After Spring Boot's own Jackson codec customizer (order 0), whose encoder this
         * one replaces.
         */
        @Bean
        @Order(1)
        CodecCustomizer chunkedJsonEncoder(JsonMapper mapper) {
            return configurer -> configurer.defaultCodecs().jacksonJsonEncoder(new ChunkedJsonEncoder(mapper));
        }

    }

}
