package io.maestro.model.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.bind.Binder;
import io.maestro.model.env.EnvSyntaxException;
import io.maestro.model.env.EnvValue;
import io.maestro.model.source.Diagnostic;
import io.maestro.model.source.Diagnostics;
import io.maestro.model.yaml.YamlNode;
import io.maestro.model.yaml.YamlReader;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The env-value error path, with a stand-in grammar that rejects the first '!' it sees. */
class EnvVarBinderTest {

    private static final Function<String, EnvValue> BANG_IS_AN_ERROR = raw -> {
        int at = raw.indexOf('!');
        if (at >= 0) {
            throw new EnvSyntaxException("unexpected '!'", at);
        }
        return EnvValue.literal(raw);
    };

    private static List<String> bind(String yaml) {
        Diagnostics diagnostics = new Diagnostics();
        YamlNode root = YamlReader.withDefaults().read("service.yml", yaml, diagnostics).orElseThrow();
        Binder binder = new Binder("service.yml", diagnostics);
        Map<String, EnvValue> values = new EnvVarBinder(binder, BANG_IS_AN_ERROR).bind(root, "services.web.env_vars");
        assertThat(values).doesNotContainKey("BAD");
        return diagnostics.errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void plainValuesPointAtTheOffendingCharacter() {
        assertThat(bind("OK: fine\nBAD: abc!def\n")).containsExactly(
                "service.yml:2:9: error: services.web.env_vars.BAD: unexpected '!'");
    }

    @Test
    void quotedValuesPointAtTheValue() {
        assertThat(bind("BAD: \"a\\tb!\"\n")).containsExactly(
                "service.yml:1:6: error: services.web.env_vars.BAD: unexpected '!'");
    }

    @Test
    void everyBadValueIsReported() {
        assertThat(bind("A: x!\nB: ok\nBAD: y!\n")).hasSize(2);
    }
}
