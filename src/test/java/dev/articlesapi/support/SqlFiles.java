package dev.articlesapi.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The statements of the API as files, {@code src/test/resources/sql/<name>.sql}: each
 * holds exactly the text a statement sends to the driver (trailing whitespace dropped),
 * so that a change to a statement shows in review as a change of its file. A
 * {@code *SqlTest} renders its package's statements and compares them with their files;
 * {@code -Dsql.update=true} writes the files instead:
 *
 * <pre>./mvnw -o test -Dtest='*SqlTest' -Dsql.update=true</pre>
 *
 * Each test owns the files whose names start with its prefix: a file of that prefix no
 * statement produces fails the comparison (and goes on update).
 */
public final class SqlFiles {

    private static final Path BASE = Path.of(System.getProperty("basedir", "."));

    /** The directory of the files, in the project (surefire's {@code basedir}). */
    public static final Path DIRECTORY = BASE.resolve("src/test/resources/sql");

    /** Where a statement that differs from its file is written, for a diff tool. */
    private static final Path ACTUAL = BASE.resolve("target/sql-actual");

    private static final String UPDATE = "sql.update";

    private static final String HOW_TO_UPDATE = "If the change is meant, rewrite the files with  ./mvnw -o test -Dtest='*SqlTest' -Dsql.update=true  and "
            + "review their diff.";

    private final String prefix;

    private final Map<String, String> rendered = new TreeMap<>();

    /** The files whose names start with {@code prefix}. */
    public SqlFiles(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The statement text of the file {@code name}.sql; one name may be rendered again
     * only with the same text.
     */
    public void add(String name, String sql) {
        assertThat(name).as("file name").startsWith(prefix).matches("[a-zA-Z0-9-]+");
        String text = normalize(sql);
        String before = rendered.putIfAbsent(name, text);
        assertThat(before == null || before.equals(text))
            .as("%s.sql is rendered twice with different statements:%n%s%n---%n%s", name, before, text)
            .isTrue();
    }

    /**
     * Compares every rendered statement with its file (or writes the files with
     * -Dsql.update=true).
     */
    public void verify() {
        if (Boolean.getBoolean(UPDATE)) {
            write();
            return;
        }
        List<String> problems = new ArrayList<>();
        rendered.forEach((name, text) -> {
            Path file = DIRECTORY.resolve(name + ".sql");
            if (!Files.exists(file)) {
                problems.add(shown(file) + " is missing; the code sends:\n" + text);
                return;
            }
            String expected = normalize(read(file));
            if (!expected.equals(text)) {
                Path actual = ACTUAL.resolve(name + ".sql");
                writeFile(actual, text);
                problems.add(shown(file) + " differs from the statement the code sends (written to " + shown(actual)
                        + "): " + firstDifference(expected, text));
            }
        });
        for (String stale : filesOfPrefix()) {
            if (!rendered.containsKey(stale)) {
                problems.add(shown(DIRECTORY.resolve(stale + ".sql")) + " is not a statement the code sends any more");
            }
        }
        assertThat(problems).as("SQL files that differ from the code; " + HOW_TO_UPDATE).isEmpty();
    }

    private void write() {
        for (String stale : filesOfPrefix()) {
            if (!rendered.containsKey(stale)) {
                delete(DIRECTORY.resolve(stale + ".sql"));
            }
        }
        rendered.forEach((name, text) -> writeFile(DIRECTORY.resolve(name + ".sql"), text));
    }

    /** Lines without trailing whitespace, ending with one line break. */
    public static String normalize(String sql) {
        return sql.lines().map(String::stripTrailing).reduce((a, b) -> a + "\n" + b).orElse("").stripTrailing() + "\n";
    }

    private static String shown(Path file) {
        return BASE.relativize(file).toString();
    }

    private static String firstDifference(String expected, String actual) {
        List<String> e = expected.lines().toList();
        List<String> a = actual.lines().toList();
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String inFile = i < e.size() ? e.get(i) : "(end of file)";
            String sent = i < a.size() ? a.get(i) : "(end of statement)";
            if (!inFile.equals(sent)) {
                return "line " + (i + 1) + "\n  file: " + inFile + "\n  code: " + sent;
            }
        }
        return "no line differs";
    }

    private List<String> filesOfPrefix() {
        if (!Files.isDirectory(DIRECTORY)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(DIRECTORY)) {
            return files.map(f -> f.getFileName().toString())
                .filter(f -> f.startsWith(prefix) && f.endsWith(".sql"))
                .map(f -> f.substring(0, f.length() - ".sql".length()))
                .sorted()
                .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFile(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
