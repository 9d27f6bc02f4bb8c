package io.maestro.model.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.compose.Interpolation.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class InterpolationTest {

    private static Result env(String text) throws Interpolation.SyntaxError {
        return Interpolation.toEnvReferences(Interpolation.parse(text));
    }

    private static Result literal(String text) throws Interpolation.SyntaxError {
        return Interpolation.withDefaults(Interpolation.parse(text));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "plain text|plain text",
            "${VAR}|_env(VAR)",
            "$VAR|_env(VAR)",
            "$VAR/suffix|_env(VAR)/suffix",
            "${VAR:-default}|_env(VAR:default)",
            "${VAR-default}|_env(VAR:default)",
            "${VAR:-}|_env(VAR:)",
            "${VAR:?must be set}|_env(VAR)",
            "${VAR?must be set}|_env(VAR)",
            "$$|$",
            "$${NOT_A_VAR}|${NOT_A_VAR}",
            "cost: $$5|cost: $5",
            "postgres://${USER}:${PASS:-x}@db/app|postgres://_env(USER):_env(PASS:x)@db/app",
            "${URL:-http://localhost:3000}|_env(URL:http://localhost:3000)",
    })
    void rewritesComposeVariablesAsEnvReferences(String compose, String expected) throws Exception {
        assertThat(env(compose).value()).isEqualTo(expected);
    }

    @Test
    void cannotWriteReplacementsOrNestedDefaultsAsEnvReferences() throws Exception {
        assertThat(env("${DEBUG:+verbose}").failure()).isEqualTo("${DEBUG:+verbose} (a value only when set) has no"
                + " service.yml form");
        assertThat(env("${A:-${B}}").failure()).isEqualTo("${A:-${B}} has a variable in its default, which _env()"
                + " cannot hold");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "${A:-x)y}|_env(A:x\\)y)",
            "${DIR:-C:\\dir}|_env(DIR:C:\\\\dir)",
            "$$(date)|$$(date)",
            "$$$$|$$$",
            "$$5|$5",
            "a$$|a$",
    })
    void escapesWhatEnvDefaultsAndKubernetesWouldReadDifferently(String compose, String expected) throws Exception {
        assertThat(env(compose).value()).isEqualTo(expected);
    }

    @Test
    void escapesALiteralDollarBeforeAContainerReference() throws Exception {
        assertThat(Interpolation.toContainerReferences(Interpolation.parse("$$${VAR}")).value()).isEqualTo("$$$(VAR)");
        assertThat(literal("$$(date)").value()).isEqualTo("$(date)");
    }

    @Test
    void namesTheVariablesUsedWithoutADefault() throws Exception {
        assertThat(Interpolation.requiredNames(Interpolation.parse("${A}${B:-b}$C${D:?d}${E:+e}"))).containsExactly(
                "A", "C", "D");
    }

    @Test
    void replacesVariablesByTheirDefaultsWhereNothingIsExpanded() throws Exception {
        assertThat(literal("acme/web:${TAG:-latest}").value()).isEqualTo("acme/web:latest");
        assertThat(literal("${A:-${B:-nested}}").value()).isEqualTo("nested");
        assertThat(literal("acme/web:${TAG}").failure())
                .isEqualTo("uses ${TAG}, which has no default; service.yml does not expand variables here");
    }

    @Test
    void rewritesCommandVariablesAsContainerReferences() throws Exception {
        assertThat(Interpolation.toContainerReferences(Interpolation.parse("run --port ${PORT:-80} $$HOME")).value())
                .isEqualTo("run --port $(PORT) $HOME");
    }

    @Test
    void rejectsWhatComposeRejects() {
        assertThatThrownBy(() -> Interpolation.parse("${UNCLOSED")).hasMessageContaining("unclosed '${'");
        assertThatThrownBy(() -> Interpolation.parse("5$")).hasMessageContaining("a '$' that starts no variable");
        assertThatThrownBy(() -> Interpolation.parse("${1BAD}")).hasMessageContaining("invalid variable '${1BAD}'");
        assertThatThrownBy(() -> Interpolation.parse("${}")).hasMessageContaining("invalid variable");
    }
}
