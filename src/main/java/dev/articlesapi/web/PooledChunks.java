package dev.articlesapi.web;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * An output stream into pooled buffers: a first one of {@value #FIRST} bytes (most single
 * values fit), then {@value #CHUNK} bytes each, allocated when the one before is full;
 * handed over as one (composite) buffer.
 */
final class PooledChunks extends OutputStream {

    static final int FIRST = 2048;
    static final int CHUNK = 16384;

    private final DataBufferFactory factory;

    private final List<DataBuffer> buffers = new ArrayList<>(4);

    private DataBuffer current;

    PooledChunks(DataBufferFactory factory) {
        this.factory = factory;
        this.current = factory.allocateBuffer(FIRST);
        buffers.add(current);
    }

    @Override
    public void write(int b) {
        room().write((byte) b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        while (length > 0) {
            DataBuffer buffer = room();
            int n = Math.min(length, buffer.writableByteCount());
            buffer.write(bytes, offset, n);
            offset += n;
            length -= n;
        }
    }

    /** The current buffer, or a new one when it is full. */
    private DataBuffer room() {
        if (current.writableByteCount() == 0) {
            current = factory.allocateBuffer(CHUNK);
            buffers.add(current);
        }
        return current;
    }

    /** Everything written, as one buffer; the caller owns it. */
    DataBuffer joined() {
        return buffers.size() == 1 ? current : factory.join(buffers);
    }

    void release() {
        buffers.forEach(DataBufferUtils::release);
    }

}
