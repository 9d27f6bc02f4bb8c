package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the examples in the documentation and compares their output, so the docs cannot drift
 * from what the CLI prints.
 *
 * <p>The scheme (also described in docs/cli.md): every fenced block marked {@code console} in
 * the scanned files is a session. A line starting with {@code $ } is a command, the lines after
 * it are its expected output (stdout and stderr as a terminal shows them). Commands are
 * {@code maestro ...} or {@code bin/maestro ...}, and {@code echo $?}, which prints the previous
 * exit code. Each session runs in-process in a scratch directory holding a copy of
 * {@code examples/}, so paths read as from the repository root and files a command writes
 * ({@code render -o k8s}, {@code convert compose -o ...}) never land in the checkout. In expected
 * output, {@code ...} within a line matches any text and a line that is only {@code ...} matches
 * any number of lines. Blocks marked {@code sh} or {@code text} are not run.
 *
 * <p>A fenced block right after a line {@code <!-- excerpt of: COMMAND -->} is an excerpt: its
 * lines must appear, consecutively, in what COMMAND prints.
 */
class DocsExamplesTest {

    static final List<String> SCANNED =
            List.of("README.md", "docs/cli.md", "docs/validation.md", "docs/convert-compose.md");
    private static final String ELLIPSIS = "...";
    private static final Pattern EXCERPT = Pattern.compile("<!-- excerpt of: (.+) -->");

    /** A fenced block that must appear within the output of {@code command}. */
    record Excerpt(String file, int line, String command, List<String> lines) {}

    record Step(int line, String command, List<String> expected) {}

    record Session(String file, int line, List<Step> steps) {}

    @TestFactory
    Stream<DynamicTest> documentedSessionsPrintWhatTheDocsSay() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : SCANNED) {
            for (Session session : sessions(file, Files.readAllLines(Cli.repoRoot().resolve(file)))) {
                tests.add(DynamicTest.dynamicTest(file + ":" + session.line(), () -> run(session)));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> documentedExcerptsAreWhatTheCommandPrints() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : SCANNED) {
            for (Excerpt excerpt : excerpts(file, Files.readAllLines(Cli.repoRoot().resolve(file)))) {
                tests.add(DynamicTest.dynamicTest(file + ":" + excerpt.line(), () -> check(excerpt)));
            }
        }
        return tests.stream();
    }

    @Test
    void theReadmeShowsRealRenderOutput() throws IOException {
        List<Excerpt> excerpts = excerpts("README.md", Files.readAllLines(Cli.repoRoot().resolve("README.md")));
        assertThat(excerpts).anyMatch(e -> e.command().contains("render") && e.lines().size() >= 5);
    }

    @Test
    void theCliGuideHasTestedValidateAndExplainExamples() throws IOException {
        List<Session> sessions = sessions("docs/cli.md", Files.readAllLines(Cli.repoRoot().resolve("docs/cli.md")));
        List<String> commands = sessions.stream().flatMap(s -> s.steps().stream()).map(Step::command).toList();
        assertThat(commands).anyMatch(c -> c.startsWith("maestro validate"));
        assertThat(commands).anyMatch(c -> c.startsWith("maestro explain"));
        assertThat(commands).anyMatch(c -> c.contains("--output json"));
    }

    @Test
    void ellipsisMatchesAnyTextWithinALineAndAnyLinesOnItsOwn() {
        assertThat(matches(List.of("a (...)", "..."), List.of("a (3 services)", "x", "y"))).isTrue();
        assertThat(matches(List.of("...", "end"), List.of("end"))).isTrue();
        assertThat(matches(List.of("a", "end"), List.of("a", "b", "end"))).isFalse();
        assertThat(matches(List.of("a (...)"), List.of("b (3)"))).isFalse();
        assertThat(matches(List.of("a.b"), List.of("axb"))).as("only ... is special").isFalse();
    }

    @Test
    void splitsCommandsLikeAShell() {
        assertThat(words("maestro explain 'a b' \"c d\" e")).containsExactly("maestro", "explain", "a b", "c d", "e");
    }

    static List<Session> sessions(String file, List<String> lines) {
        List<Session> sessions = new ArrayList<>();
        List<Step> steps = null;
        int start = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (steps == null) {
                if (line.strip().equals("```console")) {
                    steps = new ArrayList<>();
                    start = i + 1;
                }
                continue;
            }
            if (line.strip().equals("```")) {
                sessions.add(new Session(file, start, List.copyOf(steps)));
                steps = null;
            } else if (line.startsWith("$ ")) {
                steps.add(new Step(i + 1, line.substring(2).strip(), new ArrayList<>()));
            } else if (steps.isEmpty()) {
                fail(file + ":" + (i + 1) + ": console block output before any '$ ' command");
            } else {
                steps.get(steps.size() - 1).expected().add(line);
            }
        }
        return sessions;
    }

    static List<Excerpt> excerpts(String file, List<String> lines) {
        List<Excerpt> excerpts = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            Matcher marker = EXCERPT.matcher(lines.get(i).strip());
            if (!marker.matches()) {
                continue;
            }
            if (!lines.get(i + 1).startsWith("```")) {
                fail(file + ":" + (i + 1) + ": an excerpt marker must be followed by a fenced block");
            }
            List<String> body = new ArrayList<>();
            int j = i + 2;
            for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
                body.add(lines.get(j));
            }
            excerpts.add(new Excerpt(file, i + 1, marker.group(1), body));
            i = j;
        }
        return excerpts;
    }

    private static void check(Excerpt excerpt) throws IOException {
        List<String> args = words(excerpt.command());
        assertThat(args.get(0)).as("%s:%d: an excerpt's command", excerpt.file(), excerpt.line())
                .isIn("maestro", "bin/maestro");
        Path scratch = scratchDirectory();
        try {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = MaestroCli.run(CliContext.in(scratch), new PrintWriter(out), new PrintWriter(err),
                    args.subList(1, args.size()).toArray(String[]::new));
            assertThat(code).as("%s:%d: exit status of '%s' (stderr: %s)", excerpt.file(), excerpt.line(),
                    excerpt.command(), err).isZero();
            List<String> actual = out.toString().lines().toList();
            assertThat(Collections.indexOfSubList(actual, excerpt.lines()))
                    .as("%s:%d: these lines, consecutively, in the output of '%s':%n%s", excerpt.file(),
                            excerpt.line(), excerpt.command(), String.join("\n", excerpt.lines()))
                    .isNotNegative();
        } finally {
            delete(scratch);
        }
    }

    /** A fresh directory holding a copy of the repository's examples/. */
    private static Path scratchDirectory() throws IOException {
        Path scratch = Files.createTempDirectory("maestro-docs-");
        Path examples = Cli.repoRoot().resolve("examples");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path source : files.toList()) {
                Path target = scratch.resolve("examples").resolve(examples.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        return scratch;
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void run(Session session) throws IOException {
        Path scratch = scratchDirectory();
        try {
            run(session, scratch);
        } finally {
            delete(scratch);
        }
    }

    private static void run(Session session, Path scratch) {
        int lastExit = 0;
        for (Step step : session.steps()) {
            List<String> args = words(step.command());
            String output;
            if (args.equals(List.of("echo", "$?"))) {
                output = lastExit + "\n";
            } else if (!args.isEmpty() && (args.get(0).equals("maestro") || args.get(0).equals("bin/maestro"))) {
                StringWriter terminal = new StringWriter();
                PrintWriter writer = new PrintWriter(terminal, true);
                lastExit = MaestroCli.run(CliContext.in(scratch), writer, writer,
                        args.subList(1, args.size()).toArray(String[]::new));
                output = terminal.toString();
            } else {
                throw new AssertionError(session.file() + ":" + step.line() + ": cannot run '" + step.command()
                        + "' in a console example; use a ```sh block for commands the test cannot run");
            }
            List<String> actual = trimmed(output.lines().toList());
            List<String> expected = trimmed(step.expected());
            if (!matches(expected, actual)) {
                assertThat(String.join("\n", actual))
                        .as("%s:%d: output of '%s'", session.file(), step.line(), step.command())
                        .isEqualTo(String.join("\n", expected));
                fail(session.file() + ":" + step.line() + ": output of '" + step.command() + "' does not match");
            }
        }
    }

    /** Lines without trailing blanks, without trailing empty lines. */
    private static List<String> trimmed(List<String> lines) {
        List<String> result = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
        while (!result.isEmpty() && result.get(result.size() - 1).isEmpty()) {
            result.remove(result.size() - 1);
        }
        return result;
    }

    static boolean matches(List<String> expected, List<String> actual) {
        return matches(expected, 0, actual, 0);
    }

    private static boolean matches(List<String> expected, int e, List<String> actual, int a) {
        if (e == expected.size()) {
            return a == actual.size();
        }
        if (expected.get(e).strip().equals(ELLIPSIS)) {
            for (int skip = a; skip <= actual.size(); skip++) {
                if (matches(expected, e + 1, actual, skip)) {
                    return true;
                }
            }
            return false;
        }
        return a < actual.size() && lineMatches(expected.get(e), actual.get(a)) && matches(expected, e + 1, actual, a + 1);
    }

    private static boolean lineMatches(String expected, String actual) {
        if (!expected.contains(ELLIPSIS)) {
            return expected.equals(actual);
        }
        String[] parts = expected.split(Pattern.quote(ELLIPSIS), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return actual.matches(regex.toString());
    }

    /** Splits a command line on blanks, honouring single and double quotes. */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
