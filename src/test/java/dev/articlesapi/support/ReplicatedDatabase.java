package dev.articlesapi.support;

import com.sun.security.auth.module.UnixSystem;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a hot standby streaming from it, both from the embedded
 * binaries and of this test JVM's own (independent of {@link TestDatabase}). The primary
 * is zonky's embedded server with {@code wal_level=replica}; the standby is a base copy
 * of the primary's data directory taken with the low-level backup API
 * ({@code pg_backup_start} / {@code pg_backup_stop} in one session, the label file
 * written as {@code backup_label}), with {@code standby.signal} and a
 * {@code primary_conninfo} on a physical replication slot created first (so the primary
 * keeps the WAL the copy needs), started with the same {@code postgres} binary. Both log
 * every statement ({@code log_statement=all}) to a file of their own, which is how
 * {@link #statements} tells which server ran what. Both stop when the JVM exits.
 */
public final class ReplicatedDatabase {

    private static final String SLOT = "replica";

    private static final Map<String, String> SERVER_CONFIG = Map.of("max_connections", "100", "wal_level", "replica",
            "max_wal_senders", "5", "max_replication_slots", "5", "hot_standby", "on", "log_statement", "all",
            "hot_standby_feedback", "on", "wal_receiver_status_interval", "1s", "synchronous_commit", "on");

    private static ReplicatedDatabase instance;

    private final Path dir;

    private final EmbeddedPostgres primary;

    private final Path primaryLog;

    private final Path replicaDir;

    private final Path replicaLog;

    private final Path postgresBinary;

    private final int replicaPort;

    private Process replica;

    private ReplicatedDatabase(Path dir) throws IOException, SQLException {
        this.dir = dir;
        this.primaryLog = dir.resolve("primary.log");
        this.replicaLog = dir.resolve("replica.log");
        this.replicaDir = dir.resolve("replica");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
            .setDataDirectory(dir.resolve("primary"))
            .setCleanDataDirectory(true)
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(primaryLog.toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(primaryLog.toFile()));
        SERVER_CONFIG.forEach(builder::setServerConfig);
        this.primary = builder.start();
        this.postgresBinary = postgresBinary(dir.resolve("primary"));
        this.replicaPort = freePort();
        baseCopy();
        startReplica();
    }

    /** The pair of this JVM, started on first use. */
    public static synchronized ReplicatedDatabase get() {
        if (instance == null) {
            try {
                // under target/: what a JVM killed before its shutdown hook leaves goes
                // with the next clean
                Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "replicated-pg")
                    .toAbsolutePath();
                instance = new ReplicatedDatabase(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(instance::shutdown, "replicated-pg-stop"));
            }
            catch (IOException | SQLException e) {
                throw new IllegalStateException("Could not start the primary and its replica", e);
            }
        }
        return instance;
    }

    public int primaryPort() {
        return primary.getPort();
    }

    public int replicaPort() {
        return replicaPort;
    }

    public String primaryR2dbcUrl() {
        return "r2dbc:postgresql://localhost:" + primaryPort() + "/postgres";
    }

    public String replicaR2dbcUrl() {
        return "r2dbc:postgresql://localhost:" + replicaPort + "/postgres";
    }

    public String primaryJdbcUrl() {
        return jdbc(primaryPort());
    }

    /**
     * Settings of an {@link ApiInstance} whose primary is this pair's primary, and whose
     * reads go to its replica.
     */
    public String[] apiSettings(String... more) {
        List<String> settings = new ArrayList<>(List.of("spring.r2dbc.url=" + primaryR2dbcUrl(),
                "spring.r2dbc.username=postgres", "spring.r2dbc.password=", "spring.flyway.url=" + primaryJdbcUrl(),
                "spring.flyway.user=postgres", "spring.flyway.password=",
                "articles.database.read-url=" + replicaR2dbcUrl()));
        settings.addAll(List.of(more));
        return settings.toArray(String[]::new);
    }

    /** Runs statements on the primary. */
    public void onPrimary(String... sql) {
        execute(primaryPort(), sql);
    }

    /** Stops replaying WAL on the replica (it still receives it). */
    public void pauseReplay() {
        execute(replicaPort, "SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        execute(replicaPort, "SELECT pg_wal_replay_resume()");
    }

    /**
     * Waits (at most 30 s) until the replica has replayed all the WAL the primary has
     * flushed: every committed change.
     */
    public void awaitReplay() {
        // with synchronous_commit=on every commit is flushed when it returns; the flush
        // position ends a record,
        // which replay reaches (the insert position may lie past a page header that no
        // record reaches yet)
        String target = query(primaryPort(), "SELECT pg_current_wal_flush_lsn()::text");
        Awaitility.await("the replica replays " + target)
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> "false"
                .equals(query(replicaPort, "SELECT (pg_last_wal_replay_lsn() < '" + target + "'::pg_lsn)::text")));
    }

    /** The replica's last replayed position, as text. */
    public String replayLsn() {
        return query(replicaPort, "SELECT pg_last_wal_replay_lsn()::text");
    }

    /**
     * Stops the replica (fast shutdown: its sessions end at once), waiting until it has
     * exited.
     */
    public synchronized void stopReplica() {
        if (replica == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(replica.pid())).inheritIO().start().waitFor();
            if (!replica.waitFor(30, TimeUnit.SECONDS)) {
                replica.destroyForcibly().waitFor();
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        replica = null;
    }

    /**
     * Starts the replica, waiting (at most 60 s) until it accepts read-only connections.
     */
    public synchronized void startReplica() {
        if (replica != null) {
            return;
        }
        List<String> command = new ArrayList<>();
        if (new UnixSystem().getUid() == 0) {
            // PostgreSQL refuses to run as root: as zonky does, in a user namespace of
            // its own
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(
                List.of(postgresBinary.toString(), "-D", replicaDir.toString(), "-p", Integer.toString(replicaPort)));
        SERVER_CONFIG.forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        try {
            replica = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(replicaLog.toFile()))
                .start();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process started = replica;
        Awaitility.await("the replica accepts connections (" + replicaLog + ")")
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(50))
            .failFast("the replica exited; see " + replicaLog, () -> !started.isAlive())
            .until(() -> accepts(replicaPort));
    }

    private static boolean accepts(int port) {
        try (Connection c = DriverManager.getConnection(jdbc(port))) {
            return true;
        }
        catch (SQLException e) {
            return false;
        }
    }

    /**
     * Where the two servers' logs end now: pass it to {@link #statements} to count what
     * ran since.
     */
    public Mark mark() {
        return new Mark(size(primaryLog), size(replicaLog));
    }

    /**
     * How many statements containing {@code fragment} each server logged since the mark.
     */
    public Counts statements(Mark since, String fragment) {
        return new Counts(count(primaryLog, since.primary(), fragment), count(replicaLog, since.replica(), fragment));
    }

    public record Mark(long primary, long replica) {
    }

    /** Statements run by each server. */
    public record Counts(long primary, long replica) {
    }

    /**
     * Occurrences of the fragment in the log after {@code from} (a statement may span
     * lines).
     */
    private static long count(Path log, long from, String fragment) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(from);
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            long n = 0;
            for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + fragment.length())) {
                n++;
            }
            return n;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The slot first (it keeps the WAL from the backup's start), then the files of the
     * primary's data directory between {@code pg_backup_start} and {@code pg_backup_stop}
     * of one session.
     */
    private void baseCopy() throws IOException, SQLException {
        Path source = dir.resolve("primary");
        try (Connection c = DriverManager.getConnection(jdbc(primaryPort())); Statement s = c.createStatement()) {
            s.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
            s.execute("SELECT pg_backup_start('replica', fast => true)");
            copy(source, replicaDir);
            String label;
            String tablespaceMap;
            try (ResultSet r = s.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                r.next();
                label = r.getString(1);
                tablespaceMap = r.getString(2);
            }
            Files.writeString(replicaDir.resolve("backup_label"), label);
            if (tablespaceMap != null && !tablespaceMap.isEmpty()) {
                Files.writeString(replicaDir.resolve("tablespace_map"), tablespaceMap);
            }
        }
        Files.createFile(replicaDir.resolve("standby.signal"));
        Files.writeString(
                replicaDir.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port=" + primaryPort()
                        + " user=postgres'\n" + "primary_slot_name = '" + SLOT + "'\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Without the files that belong to the running primary or that it rewrites. */
    private static void copy(Path from, Path to) throws IOException {
        Set<String> skippedFiles = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label",
                "tablespace_map");
        Set<String> emptiedDirs = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify",
                "pg_serial", "pg_snapshots", "pg_subtrans");
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(d).toString());
                Files.createDirectories(target);
                if (!d.equals(from) && d.getParent().equals(from) && emptiedDirs.contains(d.getFileName().toString())) {
                    if (d.getFileName().toString().equals("pg_wal")) {
                        Files.createDirectories(target.resolve("archive_status"));
                        Files.createDirectories(target.resolve("summaries"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (file.getParent().equals(from) && skippedFiles.contains(file.getFileName().toString())) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                }
                catch (NoSuchFileException e) {
                    // removed while copying: the WAL replay recreates what it needs
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        // PostgreSQL refuses a data directory that others may read
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    /** The running primary's {@code postgres} binary (its postmaster's command). */
    private static Path postgresBinary(Path dataDir) throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
        return ProcessHandle.of(pid)
            .flatMap(p -> p.info().command())
            .map(Path::of)
            .orElseThrow(() -> new IllegalStateException("Cannot find the postgres binary of pid " + pid));
    }

    private static String jdbc(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static void execute(int port, String... sql) {
        try (Connection c = DriverManager.getConnection(jdbc(port)); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(int port, String sql) {
        try (Connection c = DriverManager.getConnection(jdbc(port));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
        catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void shutdown() {
        stopReplica();
        try {
            primary.close();
        }
        catch (IOException e) {
            // the JVM is exiting
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (IOException e) {
            // a temporary directory
        }
    }

}
