package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.maestro.model.source.Diagnostics;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.SequenceNode;
import io.maestro.model.yaml.YamlNode;
import io.maestro.model.yaml.YamlReader;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YamlEmitterTest {

    @Test
    void writesNestedMapsAndListsInBlockStyle() {
        YamlOut.Map root = new YamlOut.Map().put("version", 2);
        YamlOut.Map web = root.child("services").child("web");
        web.put("image", "nginx");
        web.list("ports").add(new YamlOut.Map().put("container", 80).put("http", 80));
        web.list("tags").add("tier=web");
        web.child("empty_dir");
        assertThat(YamlEmitter.emit(List.of("header", "", "  indented"), root)).isEqualTo("""
                # header
                #
                #   indented
                version: 2
                services:
                  web:
                    image: nginx
                    ports:
                      - container: 80
                        http: 80
                    tags:
                      - tier=web
                    empty_dir: {}
                """);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "No", "on", "OFF", "y", "null", "~", "true", "3000", "1e3", "0x1f", "1:20",
            ".inf", "-", "- item", "a: b", "#comment", "trailing:", "@at", "*alias", "&anchor", "!tag", "%dir",
            "{flow}", "[list]", "'quoted'", "\"dq\"", " lead", "trail ", "a  b", "", "multi\nline", "tab\there",
            "512Mi", "<<"})
    void quotesEverythingThatCouldBeMisread(String value) {
        assertThat(YamlEmitter.string(value)).startsWith("\"").endsWith("\"");
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "acme/web:1.2", "bundle exec puma -p 3000", "/var/log:/log:ro",
            "com.example.tier=frontend", "redis://redis:6379/0", "_env_like"})
    void leavesHarmlessStringsPlain(String value) {
        assertThat(YamlEmitter.string(value)).isEqualTo(value);
        assertThat(roundTrip(value)).isEqualTo(value);
    }

    @Test
    void everyStringReadsBackUnchanged() {
        qt().withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 40))
                .checkAssert(value -> assertThat(roundTrip(value)).isEqualTo(value));
        qt().withExamples(2000).forAll(strings().ascii().ofLengthBetween(0, 40))
                .checkAssert(value -> assertThat(roundTrip(value)).isEqualTo(value));
    }

    @Test
    void integersReadBackAsPlainNumbers() {
        qt().forAll(integers().all()).checkAssert(number -> {
            YamlOut.Map root = new YamlOut.Map().put("n", number);
            ScalarNode read = (ScalarNode) value(read(YamlEmitter.emit(List.of(), root)), "n");
            assertThat(read.plain()).isTrue();
            assertThat(read.text()).isEqualTo(Integer.toString(number));
        });
    }

    /** Emits the string as a key, a map value and a list item, and checks all three read back the same. */
    private static String roundTrip(String value) {
        YamlOut.Map root = new YamlOut.Map();
        root.put("value", value);
        root.list("list").add(value);
        root.child("keys").put(value, "x");
        MappingNode read = read(YamlEmitter.emit(List.of("header " + value), root));
        String asValue = ((ScalarNode) value(read, "value")).text();
        String asItem = ((ScalarNode) ((SequenceNode) value(read, "list")).items().get(0)).text();
        String asKey = ((MappingNode) value(read, "keys")).entries().get(0).name();
        assertThat(asItem).isEqualTo(asValue);
        assertThat(asKey).isEqualTo(asValue);
        assertThat(read.entries()).hasSize(3);
        return asValue;
    }

    private static MappingNode read(String yaml) {
        Diagnostics diagnostics = new Diagnostics();
        YamlNode node = YamlReader.withDefaults().read("out.yml", yaml, diagnostics).orElseThrow(
                () -> new AssertionError(diagnostics.sorted() + "\n" + yaml));
        assertThat(diagnostics.sorted()).as(yaml).isEmpty();
        return (MappingNode) node;
    }

    private static YamlNode value(MappingNode map, String key) {
        return map.get(key).orElseThrow();
    }
}
