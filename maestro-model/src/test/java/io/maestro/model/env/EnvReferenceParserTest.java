package io.maestro.model.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.maestro.model.env.EnvPart.AppVar;
import io.maestro.model.env.EnvPart.AutoGenerate;
import io.maestro.model.env.EnvPart.ConfigStoreRef;
import io.maestro.model.env.EnvPart.Literal;
import io.maestro.model.env.EnvPart.PassThrough;
import io.maestro.model.env.EnvPart.ServiceVar;
import io.maestro.model.env.EnvPart.StackVar;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvReferenceParserTest {

    static Stream<Arguments> wellFormed() {
        return Stream.of(
                arguments("production", List.of(new Literal("production"))),
                arguments("", List.of()),
                arguments("_env(NAME)", List.of(new AppVar("NAME", null, "_env(NAME)"))),
                arguments("_env(NAME:fallback)", List.of(new AppVar("NAME", "fallback", "_env(NAME:fallback)"))),
                arguments("_env(NAME:)", List.of(new AppVar("NAME", "", "_env(NAME:)"))),
                arguments("_env(URL:http://x:80/a)", List.of(new AppVar("URL", "http://x:80/a", "_env(URL:http://x:80/a)"))),
                arguments("_env(CMD:echo (x\\))", List.of(new AppVar("CMD", "echo (x)", "_env(CMD:echo (x\\))"))),
                arguments("_env(CMD:a\\(b)", List.of(new AppVar("CMD", "a\\(b", "_env(CMD:a\\(b)"))),
                arguments("_env(P:C:\\\\dir\\x)", List.of(new AppVar("P", "C:\\dir\\x", "_env(P:C:\\\\dir\\x)"))),
                arguments("redis://_env(REDIS_ADDRESS:localhost):6379", List.of(
                        new Literal("redis://"),
                        new AppVar("REDIS_ADDRESS", "localhost", "_env(REDIS_ADDRESS:localhost)"),
                        new Literal(":6379"))),
                arguments("_env(SERVICE[api].PORT)", List.of(new ServiceVar("api", "PORT", null, "_env(SERVICE[api].PORT)"))),
                arguments("_env(SERVICE[api-v2].PORT:3000)",
                        List.of(new ServiceVar("api-v2", "PORT", "3000", "_env(SERVICE[api-v2].PORT:3000)"))),
                arguments("_env(STACK[5999b763].TOKEN)",
                        List.of(new StackVar("5999b763", null, "TOKEN", null, "_env(STACK[5999b763].TOKEN)"))),
                arguments("_env(STACK[abc].TOKEN:none)",
                        List.of(new StackVar("abc", null, "TOKEN", "none", "_env(STACK[abc].TOKEN:none)"))),
                arguments("_env(STACK[abc].SERVICE[web].URL:x)",
                        List.of(new StackVar("abc", "web", "URL", "x", "_env(STACK[abc].SERVICE[web].URL:x)"))),
                arguments("_env(STACK)", List.of(new AppVar("STACK", null, "_env(STACK)"))),
                arguments("_env(SERVICE)", List.of(new AppVar("SERVICE", null, "_env(SERVICE)"))),
                arguments("{{NAME}}", List.of(new AppVar("NAME", null, "{{NAME}}"))),
                arguments("{{SERVICE[web].NAME}}", List.of(new ServiceVar("web", "NAME", null, "{{SERVICE[web].NAME}}"))),
                arguments("{{STACK[u1].NAME}}", List.of(new StackVar("u1", null, "NAME", null, "{{STACK[u1].NAME}}"))),
                arguments("{{STACK[u1].SERVICE[db].NAME}}",
                        List.of(new StackVar("u1", "db", "NAME", null, "{{STACK[u1].SERVICE[db].NAME}}"))),
                arguments("a{{B}}c", List.of(new Literal("a"), new AppVar("B", null, "{{B}}"), new Literal("c"))),
                arguments("{{ .Values.x }}", List.of(new Literal("{{ .Values.x }}"))),
                arguments("{{{X}}}", List.of(new Literal("{"), new AppVar("X", null, "{{X}}"), new Literal("}"))),
                arguments("AUTO_GENERATE", List.of(new AutoGenerate(10, "AUTO_GENERATE"))),
                arguments("AUTO_GENERATE_64", List.of(new AutoGenerate(64, "AUTO_GENERATE_64"))),
                arguments("AUTO_GENERATE_1", List.of(new AutoGenerate(1, "AUTO_GENERATE_1"))),
                arguments("AUTO_GENERATE_4096", List.of(new AutoGenerate(4096, "AUTO_GENERATE_4096"))),
                arguments("pre-AUTO_GENERATE_8-post", List.of(
                        new Literal("pre-"), new AutoGenerate(8, "AUTO_GENERATE_8"), new Literal("-post"))),
                arguments("AUTO_GENERATED", List.of(new Literal("AUTO_GENERATED"))),
                arguments("MY_AUTO_GENERATE", List.of(new Literal("MY_AUTO_GENERATE"))),
                arguments("AUTO_GENERATE_abc", List.of(new Literal("AUTO_GENERATE_abc"))),
                arguments("_configstore(0d6a2f2c-4c8e-4b6f-9a3e-1f2b3c4d5e6f.DB_PASSWORD)", List.of(new ConfigStoreRef(
                        "0d6a2f2c-4c8e-4b6f-9a3e-1f2b3c4d5e6f", "DB_PASSWORD",
                        "_configstore(0d6a2f2c-4c8e-4b6f-9a3e-1f2b3c4d5e6f.DB_PASSWORD)"))),
                arguments("_configstore(shared.db.password)",
                        List.of(new ConfigStoreRef("shared", "db.password", "_configstore(shared.db.password)"))),
                arguments("$(HOME)/bin", List.of(new PassThrough("HOME"), new Literal("/bin"))),
                arguments("$(date +%s)", List.of(new Literal("$(date +%s)"))),
                arguments("$$(HOME)", List.of(new Literal("$$(HOME)"))),
                arguments("cost: $5", List.of(new Literal("cost: $5"))),
                arguments("my_env(X)", List.of(new Literal("my_env(X)"))),
                arguments("x__env(X)", List.of(new Literal("x__env(X)"))),
                arguments("my_configstore(a.b)", List.of(new Literal("my_configstore(a.b)"))),
                arguments("_environment", List.of(new Literal("_environment"))),
                arguments("(_env(A))", List.of(new Literal("("), new AppVar("A", null, "_env(A)"), new Literal(")"))),
                arguments("_env(A)_env(B)", List.of(new AppVar("A", null, "_env(A)"), new AppVar("B", null, "_env(B)"))),
                arguments("_env(A:x)y)", List.of(new AppVar("A", "x", "_env(A:x)"), new Literal("y)"))));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("wellFormed")
    void splitsValuesIntoLiteralsAndReferences(String raw, List<EnvPart> expected) {
        EnvValue value = EnvReferenceParser.parse(raw);

        assertThat(value.raw()).isEqualTo(raw);
        assertThat(value.parts()).containsExactlyElementsOf(expected);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                arguments("_env(", 0, "unterminated _env(...): expected a variable name"),
                arguments("x _env(NAME", 2, "unterminated _env(...): expected ')'"),
                arguments("_env(NAME:default", 0, "unterminated _env(...): expected ')' after the default"),
                arguments("_env()", 5, "expected a variable name, STACK[...] or SERVICE[...] in _env(...), got ')'"),
                arguments("_env( NAME)", 5, "got whitespace"),
                arguments("_env(1ABC)", 5, "expected a variable name"),
                arguments("_env(NA-ME)", 7, "expected ':' or ')' after the variable name in _env(...), got '-'"),
                arguments("_env(SERVICE[].X)", 13, "expected a service name in SERVICE[...], got nothing"),
                arguments("_env(SERVICE[web.X)", 16, "expected ']' to close SERVICE[web, got '.'"),
                arguments("_env(SERVICE[web]X)", 17, "expected '.' after SERVICE[web], got 'X'"),
                arguments("_env(SERVICE[web].)", 18, "expected a variable name in _env(...), got ')'"),
                arguments("_env(SERVICE[web", 0, "unterminated _env(...): expected ']' to close SERVICE["),
                arguments("_env(STACK[].X)", 11, "expected an application uid or name in STACK[...], got nothing"),
                arguments("_env(STACK[a].SERVICE[].X)", 22, "expected a service name in SERVICE[...], got nothing"),
                arguments("_env(STACK[a].STACK[b].X)", 19, "unexpected '[' after 'STACK'"),
                arguments("_env(SERVICE[a].SERVICE[b].X)", 23, "unexpected '[' after 'SERVICE'"),
                arguments("_env(service[web].X)", 12, "write SERVICE[...] in upper case"),
                arguments("_env(FOO[1])", 8, "only STACK[...] and SERVICE[...] take brackets"),
                arguments("_env(A:_env(B))", 7, "a default cannot contain another reference"),
                arguments("{{NAME", 0, "unterminated {{...}}: expected '}}'"),
                arguments("{{NAME}", 0, "unterminated {{...}}: expected '}}'"),
                arguments("{{NAME:x}}", 6, "{{...}} references take no default"),
                arguments("{{NAME.x}}", 6, "expected '}}' after the variable name in {{...}}, got '.'"),
                arguments("{{SERVICE[].X}}", 10, "expected a service name in SERVICE[...], got nothing"),
                arguments("AUTO_GENERATE_0", 0, "expected AUTO_GENERATE_<n> with n between 1 and 4096, got 'AUTO_GENERATE_0'"),
                arguments("a AUTO_GENERATE_4097", 2, "between 1 and 4096"),
                arguments("AUTO_GENERATE_99999999999999999999", 0, "between 1 and 4096"),
                arguments("AUTO_GENERATE_", 0, "between 1 and 4096"),
                arguments("_configstore(", 0, "unterminated _configstore(...)"),
                arguments("_configstore(.KEY)", 13, "expected a namespace (a 36-character GUID)"),
                arguments("_configstore(ns)", 15, "expected '.' between namespace and key"),
                arguments("_configstore(ns.)", 16, "expected a key in _configstore(NAMESPACE.KEY), got ')'"),
                arguments("_configstore(ns.KEY", 0, "unterminated _configstore(...): expected ')'"),
                arguments("_configstore(ns.K Y)", 17, "expected ')' in _configstore(NAMESPACE.KEY), got whitespace"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("malformed")
    void rejectsMalformedReferencesWithMessageAndOffset(String raw, int offset, String message) {
        assertThatThrownBy(() -> EnvReferenceParser.parse(raw))
                .isInstanceOfSatisfying(EnvSyntaxException.class, e -> {
                    assertThat(e.getMessage()).contains(message);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    @Test
    @DisplayName("the exact source text of each reference is recorded")
    void recordsSourceText() {
        EnvValue value = EnvReferenceParser.parse("a_env(X) _env(SERVICE[w].Y:d\\)) {{Z}} AUTO_GENERATE_5");

        assertThat(value.references()).extracting(EnvPart.Reference::source)
                .containsExactly("_env(SERVICE[w].Y:d\\))", "{{Z}}", "AUTO_GENERATE_5");
    }

    @Test
    void marksAutoGenerateValues() {
        assertThat(EnvReferenceParser.parse("AUTO_GENERATE_32").hasAutoGenerate()).isTrue();
        assertThat(EnvReferenceParser.parse("$(HOME)").isLiteral()).isTrue();
        assertThat(EnvReferenceParser.parse("_env(X)").isLiteral()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0d6a2f2c-4c8e-4b6f-9a3e-1f2b3c4d5e6f", "0D6A2F2C-4C8E-4B6F-9A3E-1F2B3C4D5E6F"})
    void recognisesGuidNamespaces(String namespace) {
        EnvPart.ConfigStoreRef ref = (EnvPart.ConfigStoreRef) EnvReferenceParser.parse(
                "_configstore(" + namespace + ".KEY)").parts().get(0);

        assertThat(ref.namespaceIsGuid()).isTrue();
    }

    @Test
    void acceptsNamedConfigStoreNamespaces() {
        EnvPart.ConfigStoreRef ref = (EnvPart.ConfigStoreRef) EnvReferenceParser.parse("_configstore(shared.KEY)")
                .parts().get(0);

        assertThat(ref.namespace()).isEqualTo("shared");
        assertThat(ref.namespaceIsGuid()).isFalse();
    }

    @Test
    void validatesVariableNames() {
        assertThat(EnvReferenceParser.isValidName("_A1")).isTrue();
        assertThat(EnvReferenceParser.isValidName("1A")).isFalse();
        assertThat(EnvReferenceParser.isValidName("A-B")).isFalse();
        assertThat(EnvReferenceParser.isValidName("")).isFalse();
    }
}
