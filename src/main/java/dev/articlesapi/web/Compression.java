package dev.articlesapi.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.compression.DeflateOption;
import reactor.netty.http.server.compression.GzipOption;

/**
 * Reactor Netty's gzip (or deflate) for answers at least
 * {@link HttpProperties#compressionMinSize()} large (or of unknown length: a stream) when
 * the request's {@code Accept-Encoding} allows it, the same compression Boot's
 * {@code server.compression} turns on, with rules of our own on what it applies to:
 * <ul>
 * <li>JSON, problems and NDJSON listings only. Netty deflates each chunk written with a
 * sync flush, so an NDJSON line leaves as soon as it is written;</li>
 * <li>never server-sent events: a compressor holds about 256 KB of native zlib state for
 * as long as its connection is open (10,000 subscribers: 2.5 GB), for events of a few
 * hundred bytes that gain little;</li>
 * <li>never an answer about credentials (BREACH): nothing under {@code /authentication}
 * (their bodies reflect the email sent beside a user's data, their answers set the
 * tokens' cookies) and no answer that sets a cookie.</li>
 * </ul>
 * The ETag of a compressed answer is its identity body's ({@link ConditionalGet} computes
 * it before the body is compressed).
 */
@Component
class Compression implements NettyServerCustomizer {

    private static final List<MediaType> COMPRESSED = List.of(MediaType.APPLICATION_JSON,
            MediaType.APPLICATION_PROBLEM_JSON, MediaType.APPLICATION_NDJSON);

    private final int minSize;

    private final int level;

    Compression(HttpProperties settings) {
        this.minSize = (int) Math.min(Integer.MAX_VALUE, settings.compressionMinSize().toBytes());
        this.level = settings.compressionLevel();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.compress(minSize)
            .compress(Compression::compressible)
            .compressOptions(GzipOption.builder().compressionLevel(level).build(),
                    DeflateOption.builder().compressionLevel(level).build());
    }

    static boolean compressible(HttpServerRequest request, HttpServerResponse response) {
        if (request.path().startsWith("authentication")
                || response.responseHeaders().contains(HttpHeaderNames.SET_COOKIE)) {
            return false;
        }
        String type = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
        if (type == null) {
            return false;
        }
        MediaType mediaType = MediaType.parseMediaType(type);
        for (MediaType compressed : COMPRESSED) {
            if (compressed.equalsTypeAndSubtype(mediaType)) {
                return true;
            }
        }
        return false;
    }

}
