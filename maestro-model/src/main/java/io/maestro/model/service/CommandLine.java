package io.maestro.model.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a {@code command} string into an argv the way a POSIX shell would tokenise it, without
 * running a shell: blanks separate words; single quotes keep everything literally; double quotes
 * keep blanks and allow {@code \"}, {@code \\} and {@code \$}; a backslash outside quotes escapes
 * the next character. {@code $(VAR)} is plain text here, so Kubernetes expands it from the
 * container's environment as the reference promises.
 *
 * <p>Shared by the validator, which reports a command that cannot be split at its line in
 * {@code service.yml}, and the Kubernetes renderer, which turns {@code command} into the
 * container's {@code command} array, so both always agree.
 *
 * <pre>{@code
 * CommandLine.split("sh -c 'echo $HOME'")   // [sh, -c, echo $HOME]
 * CommandLine.problem("echo 'oops")         // Optional["expected a closing ' for the quote at character 6"]
 * }</pre>
 */
public final class CommandLine {

    private CommandLine() {}

    /**
     * The argv of {@code command}.
     *
     * @throws IllegalArgumentException when a quote is not closed or the command ends with a
     *     lone backslash; the message says what was expected and where (see {@link #problem})
     */
    public static List<String> split(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("expected a closing ' for the quote at character " + (i + 1));
                }
                word.append(command, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = readDoubleQuoted(command, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= command.length()) {
                    throw new IllegalArgumentException("expected a character after the final backslash");
                }
                word.append(command.charAt(i + 1));
                inWord = true;
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /**
     * Why {@code command} cannot be split, e.g. {@code expected a closing ' for the quote at
     * character 6}; empty when it can.
     */
    public static Optional<String> problem(String command) {
        try {
            split(command);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Reads {@code "..."} starting at {@code start}; returns the index after the closing quote. */
    private static int readDoubleQuoted(String command, int start, StringBuilder word) {
        int i = start + 1;
        while (i < command.length()) {
            char c = command.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < command.length() && "\"\\$".indexOf(command.charAt(i + 1)) >= 0) {
                word.append(command.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("expected a closing \" for the quote at character " + (start + 1));
    }
}
