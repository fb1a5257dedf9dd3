package dev.articlesapi.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * README's settings table, application.yaml and the properties records (through the
 * configuration metadata the build generates from them) say the same: every
 * {@code articles.*} setting is a record component with a value in application.yaml, and
 * every environment variable is in the table with the default application.yaml gives it.
 */
class SettingsDocumentedTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):([^}]*)}");

    private static final Pattern README_ROW = Pattern
        .compile("^\\| (`[A-Z][A-Z0-9_]*`(?:, `[A-Z][A-Z0-9_]*`)*) \\| ([^|]*) \\|", Pattern.MULTILINE);

    /** Read by {@link DatabaseEnvironment} itself, and Boot's {@code server.address}. */
    private static final Set<String> NOT_IN_APPLICATION_YAML = Set.of(DatabaseEnvironment.DATABASE_URL,
            DatabaseEnvironment.EMBEDDED_DB_DIR, DatabaseEnvironment.EMBEDDED_DB_PORT, "SERVER_ADDRESS");

    /** Set at start-up by {@link DatabaseEnvironment}, not by hand. */
    private static final Set<String> SET_AT_START = Set.of(DatabaseEnvironment.EMBEDDED);

    private static Map<String, String> applicationYaml() throws IOException {
        JsonNode root = new YAMLMapper().readTree(Path.of("src/main/resources/application.yaml").toFile());
        Map<String, String> flat = new TreeMap<>();
        flatten("", root, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                flatten(prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), field.getValue(), into);
            }
        }
        else {
            into.put(prefix, node.asString());
        }
    }

    private static Set<String> metadataProperties() throws IOException {
        JsonNode metadata = JsonMapper.builder()
            .build()
            .readTree(Path.of("target/classes/META-INF/spring-configuration-metadata.json").toFile());
        Set<String> names = new TreeSet<>();
        metadata.path("properties").forEach(p -> names.add(p.path("name").asString()));
        return names;
    }

    /**
     * Variable -> its default, from each {@code ${VARIABLE:default}} of application.yaml.
     */
    private static Map<String, String> yamlVariables() throws IOException {
        Map<String, String> variables = new TreeMap<>();
        for (String value : applicationYaml().values()) {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                variables.put(m.group(1), m.group(2));
            }
        }
        return variables;
    }

    /** Variable -> the table's default cell, from README's settings section. */
    private static Map<String, String> readmeVariables() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("\n## Settings");
        String settings = readme.substring(start, readme.indexOf("\n## ", start + 1));
        Map<String, String> variables = new HashMap<>();
        Matcher row = README_ROW.matcher(settings);
        while (row.find()) {
            for (String name : row.group(1).split(", ")) {
                variables.put(name.replace("`", ""), row.group(2).strip());
            }
        }
        return variables;
    }

    @Test
    void everyArticlesSettingIsARecordComponentWithAValueInApplicationYaml() throws IOException {
        Set<String> records = metadataProperties().stream()
            .filter(n -> n.startsWith("articles."))
            .filter(n -> !SET_AT_START.contains(n))
            .collect(Collectors.toCollection(TreeSet::new));
        Set<String> yaml = applicationYaml().keySet()
            .stream()
            .filter(n -> n.startsWith("articles."))
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(records).as("articles.* in the properties records").isNotEmpty().isEqualTo(yaml);
    }

    @Test
    void readmeListsExactlyTheEnvironmentVariablesWithTheirDefaults() throws IOException {
        Map<String, String> yaml = yamlVariables();
        Map<String, String> readme = readmeVariables();
        Set<String> expected = new TreeSet<>(yaml.keySet());
        expected.addAll(NOT_IN_APPLICATION_YAML);
        assertThat(new TreeSet<>(readme.keySet())).as("README's settings table").isEqualTo(expected);
        yaml.forEach((variable, fallback) -> {
            if (!fallback.isEmpty()) {
                assertThat(readme.get(variable)).as(variable + "'s default in README").contains("`" + fallback + "`");
            }
        });
    }

}
