package dev.articlesapi.support;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntSupplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * A TCP proxy that injects faults for real, between the API and PostgreSQL or between a
 * client and the API:
 * <ul>
 * <li>{@link #stall()}: nothing moves in either direction, connections stay open and new
 * ones are accepted (a frozen database host, or a network that drops packets);
 * {@link #resume()} lets the held bytes through, as TCP would after the fault heals;</li>
 * <li>{@link #cut()}: every open connection is closed at once (the database killed, or
 * every backend terminated); {@link #refuse(boolean)}: new connections are closed as soon
 * as they are accepted;</li>
 * <li>{@link #delay(Duration)}: every chunk waits that long in each direction;</li>
 * <li>{@link #dropAnswers(boolean)}: a connection is closed when its answer starts, which
 * is lost.</li>
 * </ul>
 * With {@link #record()} it also keeps what each client connection sends (as ISO-8859-1
 * text), to check the requests' headers.
 */
public final class FaultProxy implements AutoCloseable {

    private final DisposableServer server;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    private volatile Sinks.Empty<Void> open = opened();

    private volatile Duration delay = Duration.ZERO;

    private volatile boolean refusing;

    private volatile boolean droppingAnswers;

    private volatile Queue<StringBuffer> sent;

    private boolean stalled;

    public FaultProxy(String targetHost, int targetPort) {
        this(targetHost, () -> targetPort);
    }

    /**
     * A proxy whose target port is read for each new connection: a server that starts
     * after the proxy.
     */
    public FaultProxy(String targetHost, IntSupplier targetPort) {
        this.server = TcpServer.create().host("127.0.0.1").port(0).doOnConnection(this::track).handle((in, out) -> {
            if (refusing) {
                return Mono.empty();
            }
            Flux<ByteBuf> received = in.receive().retain();
            Queue<StringBuffer> log = sent;
            if (log != null) {
                StringBuffer text = new StringBuffer();
                log.add(text);
                received = received.doOnNext(chunk -> text.append(chunk.toString(StandardCharsets.ISO_8859_1)));
            }
            Flux<ByteBuf> toTarget = received;
            TcpClient target = TcpClient.create().host(targetHost).port(targetPort.getAsInt());
            return target.connect().flatMap(upstream -> {
                track(upstream);
                Mono<Void> up = upstream.outbound().send(toTarget.concatMap(this::gate)).then();
                Flux<ByteBuf> answers = upstream.inbound().receive().retain().handle((chunk, sink) -> {
                    if (droppingAnswers) {
                        chunk.release();
                        upstream.dispose();
                        in.withConnection(Connection::dispose);
                        sink.complete();
                    }
                    else {
                        sink.next(chunk);
                    }
                });
                Mono<Void> down = out.send(answers.concatMap(this::gate)).then();
                return Mono.firstWithSignal(up, down).doFinally(s -> upstream.dispose());
            });
        }).bindNow();
    }

    private static Sinks.Empty<Void> opened() {
        Sinks.Empty<Void> sink = Sinks.empty();
        sink.tryEmitEmpty();
        return sink;
    }

    private void track(Connection connection) {
        connections.add(connection);
        connection.onDispose(() -> connections.remove(connection));
    }

    private Mono<ByteBuf> gate(ByteBuf chunk) {
        Duration wait = delay;
        Mono<Void> passage = open.asMono();
        return (wait.isZero() ? passage : passage.then(Mono.delay(wait)).then()).thenReturn(chunk);
    }

    public int port() {
        return server.port();
    }

    /** Nothing gets through, both ways, until {@link #resume()}. */
    public synchronized void stall() {
        if (!stalled) {
            stalled = true;
            open = Sinks.empty();
        }
    }

    public synchronized void resume() {
        stalled = false;
        open.tryEmitEmpty();
    }

    /** Closes every connection open now. */
    public void cut() {
        connections.forEach(Connection::dispose);
    }

    /**
     * New connections are closed as soon as they are accepted, while {@code refuse} is
     * true.
     */
    public void refuse(boolean refuse) {
        refusing = refuse;
        if (refuse) {
            cut();
        }
    }

    /**
     * While {@code drop} is true, the first bytes the target sends back on a connection
     * close it, both sides, instead of passing: between a client and the API, the request
     * was handled (a write committed) and its answer is lost.
     */
    public void dropAnswers(boolean drop) {
        droppingAnswers = drop;
    }

    public void delay(Duration delay) {
        this.delay = delay;
    }

    /**
     * From now on, keeps what each new connection sends through the proxy (memory grows
     * with it: tests only).
     */
    public void record() {
        sent = new ConcurrentLinkedQueue<>();
    }

    /**
     * What the clients sent, one text per connection accepted since {@link #record()}.
     */
    public List<String> sent() {
        Queue<StringBuffer> log = sent;
        return log == null ? List.of() : log.stream().map(StringBuffer::toString).toList();
    }

    @Override
    public void close() {
        resume();
        cut();
        server.disposeNow();
    }

}
