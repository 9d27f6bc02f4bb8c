package io.maestro.hosts.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The quoted command line, parsed by real POSIX shells (dash as /bin/sh, and bash), gives the
 * program exactly the argv: the same property the SSH executor relies on for the remote shell.
 */
class ShellQuotingIT {

    private static final String TRICKY = "ab '\"$`\\;|&<>()[]{}*?!#~%^=\n\t\r-é日";
    private final LocalExecutor local = new LocalExecutor();

    @Test
    void anyArgvSurvivesDashAndBash() {
        Gen<String> trickyWord = lists().of(integers().between(0, TRICKY.length() - 1)).ofSizeBetween(0, 10)
                .map(indexes -> indexes.stream().map(i -> String.valueOf(TRICKY.charAt(i))).collect(Collectors.joining()));
        // Any character but NUL and lone surrogates (which UTF-8 cannot carry).
        Gen<String> anyWord = strings().betweenCodePoints(1, 0xD7FF).ofLengthBetween(0, 8);
        Gen<String> word = trickyWord.mix(anyWord, 30);
        qt().withExamples(40).withShrinkCycles(50)
                .forAll(lists().of(word).ofSizeBetween(1, 30))
                .checkAssert(args -> {
                    for (String shell : List.of("/bin/sh", "/bin/bash")) {
                        assertThat(throughShell(shell, args)).as(shell).isEqualTo(args);
                    }
                });
    }

    @Test
    void quotesAreClosedAndReopenedAroundASingleQuote() {
        assertThat(ShellQuoting.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuoting.commandLine(Command.of("echo", "$HOME"))).isEqualTo("exec 'echo' '$HOME'");
        assertThat(ShellQuoting.commandLine(Command.of("env").withEnvironment(Map.of("B", "2", "A", "x y")).inDirectory("/a b")))
                .isEqualTo("cd '/a b' && exec env 'A=x y' 'B=2' 'env'");
    }

    @Test
    void whatCannotBePassedIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> ShellQuoting.quote("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ShellQuoting.commandLine(Command.of("true").withEnvironment(Map.of("A;B", "1"))))
                .hasMessageContaining("'A;B' is not a shell name");
    }

    /** printf repeats its format per argument (and runs it once with none, so the lists are never empty). */
    private List<String> throughShell(String shell, List<String> args) {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\000"));
        argv.addAll(args);
        String line = ShellQuoting.commandLine(Command.of(argv));
        byte[] out = local.run(Command.of(shell, "-c", line)).requireSuccess().stdout().getBytes(StandardCharsets.UTF_8);
        List<String> received = new ArrayList<>(Arrays.asList(new String(out, StandardCharsets.UTF_8).split("\0", -1)));
        received.remove(received.size() - 1);
        return received;
    }
}
