package dev.articlesapi.support;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound allowances, each an exact method that only synchronises briefly and never
 * waits for I/O. Loaded by BlockHound through META-INF/services.
 */
public class KnownFalseAlarms implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Netty 4.2's adaptive allocator takes a StampedLock when it grows its magazines
        // (not yet in Netty's own
        // BlockHound integration for 4.2.18).
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$Magazine", "free");
    }

}
