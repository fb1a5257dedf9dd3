package dev.articlesapi.db;

import io.r2dbc.spi.ConnectionFactory;
import java.time.Duration;

/**
 * One replica: its guarded pool and what the last look at it found. Written by the
 * {@link Replicas} poller (and marked unusable by a read that failed on it), read by
 * every routed read.
 */
final class Replica {

    private final String name;

    private final ConnectionFactory connections;

    /** The last WAL position it was seen to have replayed; -1: not known. */
    private volatile long replayed = -1;

    /** Reachable, a standby, and within the lag bound when last looked at. */
    private volatile boolean usable;

    /** How far behind the primary it was when last looked at. */
    private volatile Duration lag;

    /** Why it is not usable; null when it is. */
    private volatile String problem = "not checked yet";

    Replica(String name, ConnectionFactory connections) {
        this.name = name;
        this.connections = connections;
    }

    String name() {
        return name;
    }

    ConnectionFactory connections() {
        return connections;
    }

    long replayed() {
        return replayed;
    }

    boolean usable() {
        return usable;
    }

    Duration lag() {
        return lag;
    }

    String problem() {
        return problem;
    }

    /** Usable for a read that must see at least the position {@code after}. */
    boolean serves(long after) {
        return usable && replayed >= after;
    }

    void seen(long replayed, Duration lag, String problem) {
        this.replayed = replayed;
        this.lag = lag;
        this.problem = problem;
        this.usable = problem == null;
    }

    void failed(String problem) {
        this.usable = false;
        this.problem = problem;
    }

}
