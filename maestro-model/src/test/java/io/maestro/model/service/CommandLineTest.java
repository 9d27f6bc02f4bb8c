package io.maestro.model.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A command string splits into an argv like a shell would")
class CommandLineTest {

    @Test
    void splitsOnBlanks() {
        assertThat(CommandLine.split("  bundle exec   puma -p 3000 ")).containsExactly("bundle", "exec", "puma", "-p", "3000");
    }

    @Test
    void keepsQuotedTextTogether() {
        assertThat(CommandLine.split("sh -c 'echo $HOME && ls' \"a b\"c")).containsExactly("sh", "-c", "echo $HOME && ls", "a bc");
    }

    @Test
    void honoursEscapes() {
        assertThat(CommandLine.split("echo a\\ b \"say \\\"hi\\\" \\n\"")).containsExactly("echo", "a b", "say \"hi\" \\n");
    }

    @Test
    void keepsVariableReferencesForKubernetesToExpand() {
        assertThat(CommandLine.split("bin/web --port $(PORT) \"$(HOME)/x\"")).containsExactly("bin/web", "--port", "$(PORT)", "$(HOME)/x");
    }

    @Test
    void keepsAnEmptyQuotedArgument() {
        assertThat(CommandLine.split("run '' x")).containsExactly("run", "", "x");
    }

    @Test
    void rejectsAnUnclosedQuote() {
        assertThatThrownBy(() -> CommandLine.split("echo 'oops")).hasMessage("expected a closing ' for the quote at character 6");
        assertThatThrownBy(() -> CommandLine.split("echo \"a\\\" b")).hasMessage("expected a closing \" for the quote at character 6");
    }

    @Test
    void rejectsAFinalLoneBackslash() {
        assertThatThrownBy(() -> CommandLine.split("echo a\\")).hasMessage("expected a character after the final backslash");
    }

    @Test
    void problemSaysWhyACommandCannotBeSplit() {
        assertThat(CommandLine.problem("echo 'oops")).contains("expected a closing ' for the quote at character 6");
        assertThat(CommandLine.problem("echo 'fine'")).isEmpty();
    }
}
