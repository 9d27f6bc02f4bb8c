package io.maestro.plan.lb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.plan.lb.haproxy.HaproxyWord;
import io.maestro.plan.lb.nginx.NginxArg;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** No user string can end a directive, open a block, start a comment or expand a variable. */
class InjectionTest {

    static Stream<String> hostile() {
        return Stream.of("a.example.com;", "a.example.com; return 200", "a{", "a}", "a\"b", "a'b", "a\nb", "a\rb",
                "a#b", "a b", "a$host", "a\\b", "a`b", "a\tb", "a\u0000b");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostNamesWithSyntaxAreRejected(String host) {
        assertThatThrownBy(() -> new HttpSite("web-http-80", List.of(host), SiteScheme.HTTP, 80, "web-3000", null, null))
                .isInstanceOf(LoadBalancerConfigException.class)
                .hasMessageContaining("host name")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void backendAddressesWithSyntaxAreRejected(String address) {
        assertThatThrownBy(() -> new Backend(address, 8080)).isInstanceOf(LoadBalancerConfigException.class);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void namesWithSyntaxAreRejected(String name) {
        assertThatThrownBy(() -> new Upstream(name, List.of(new Backend("10.0.0.1", 80))))
                .isInstanceOf(LoadBalancerConfigException.class);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void healthCheckPathsWithSyntaxAreRejected(String suffix) {
        assertThatThrownBy(() -> HealthCheck.parse("/" + suffix)).isInstanceOf(LoadBalancerConfigException.class);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void filePathsWithSyntaxAreRejected(String suffix) {
        assertThatThrownBy(() -> new LoadBalancerFiles("/srv/" + suffix)).isInstanceOf(LoadBalancerConfigException.class);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void corsValuesWithSyntaxOtherThanSpacesAreRejected(String value) {
        if (value.equals("a b")) {
            assertThat(new CorsPolicy(value, "GET", null, false).origin()).isEqualTo("a b");
        } else {
            assertThatThrownBy(() -> new CorsPolicy(value, "GET", null, false))
                    .isInstanceOf(LoadBalancerConfigException.class);
        }
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void nginxLiteralsNeverLeaveTheirArgument(String value) {
        // The renderer's second line of defence: even a value that skipped validation stays one argument.
        if (value.chars().anyMatch(c -> c < 0x20) || value.contains("$")) {
            assertThatThrownBy(() -> NginxArg.literal(value)).isInstanceOf(LoadBalancerConfigException.class);
            return;
        }
        NginxArg arg = NginxArg.literal(value);
        assertThat(arg.quoted()).isTrue();
        String written = io.maestro.plan.lb.nginx.NginxWriter.write(
                List.of(new io.maestro.plan.lb.nginx.NginxNode.Directive("add_header", List.of(NginxArg.raw("X"), arg))),
                "t");
        String line = written.lines().filter(l -> l.startsWith("add_header")).findFirst().orElseThrow();
        // One directive: the only unescaped ';' is the final one, and the value sits inside quotes.
        assertThat(line).endsWith("\";");
        String inner = line.substring("add_header X \"".length(), line.length() - 2);
        assertThat(inner.replace("\\\\", "").replace("\\\"", "")).doesNotContain("\"");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void haproxyLiteralsNeverLeaveTheirWord(String value) {
        if (value.chars().anyMatch(c -> c < 0x20) || value.contains("'") || value.contains("\\")) {
            assertThatThrownBy(() -> HaproxyWord.literal(value)).isInstanceOf(LoadBalancerConfigException.class);
            return;
        }
        String word = HaproxyWord.literal(value + "%[src]").text();
        assertThat(word).startsWith("'").endsWith("'").contains("%%[src]");
        assertThat(word.substring(1, word.length() - 1)).doesNotContain("'");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void rawWordsRejectSyntax(String value) {
        if (value.contains("$") && !value.contains(" ")) {
            return; // variables are Maestro's to use in raw nginx words
        }
        assertThatThrownBy(() -> NginxArg.raw(value)).isInstanceOf(LoadBalancerConfigException.class);
    }
}
