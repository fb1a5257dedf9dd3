package dev.articlesapi.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.io.buffer.NettyDataBuffer;
import org.springframework.core.io.buffer.NettyDataBufferFactory;

/**
 * A buffer factory that remembers every buffer it hands out, so that a test can check
 * each is released.
 */
final class TrackedBuffers extends NettyDataBufferFactory {

    final List<ByteBuf> allocated = new ArrayList<>();

    TrackedBuffers() {
        super(new UnpooledByteBufAllocator(false));
    }

    @Override
    public NettyDataBuffer allocateBuffer(int capacity) {
        NettyDataBuffer buffer = super.allocateBuffer(capacity);
        allocated.add(buffer.getNativeBuffer());
        return buffer;
    }

}
