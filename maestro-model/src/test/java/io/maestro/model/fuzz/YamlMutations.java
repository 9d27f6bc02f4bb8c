package io.maestro.model.fuzz;

import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Generators of broken YAML: a valid seed with a few edits a hurried user (or an attacker) might
 * make. The edits aim at YAML's structure (indicators, indentation, anchors, documents) and at
 * Maestro's own syntax (env references, ports), so most results still parse and reach the binders.
 *
 * <p>Every choice is drawn from QuickTheories' randomness source, so failures shrink toward fewer
 * and earlier edits.
 */
public final class YamlMutations {

    /** Fragments worth injecting: YAML indicators, whitespace that matters, and Maestro syntax. */
    static final List<String> TOKENS = List.of(
            ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "?", "? ", "&a ", "*a", "*a ", "&a", "<<: *a",
            "!", "!!str ", "!!binary ", "|", ">", "|-", "'", "\"", "#", "%", "@", "`",
            "\t", "\n", "\r\n", "\r", "  ", "    ", "\n  ", "\n- ", "---\n", "...\n",
            "~", "null", "true", "no", "0", "-1", "65536", "99999999999999999999", "0x1F", "1e400", ".nan",
            "_env(", ")", "_env(X)", "_env(SERVICE[web].X)", "_env(STACK[", "AUTO_GENERATE", "AUTO_GENERATE_99999",
            "{{", "}}", "$(", "_configstore(", "80:80:443", "::", "/", "..", "%", "\\",
            "\u00e9", "\u4e2d", "\uD83D\uDE00", "\uFEFF", "\u0000", "\u0085", "\u2028", "\u202E", "\uD800");

    private YamlMutations() {}

    /** One of the seeds with 1 to {@code maxEdits} edits applied. */
    public static Gen<String> mutate(List<String> seeds, int maxEdits) {
        return in -> {
            StringBuilder text = new StringBuilder(seeds.get(pick(in, seeds.size())));
            int edits = (int) in.next(Constraint.between(1, maxEdits));
            for (int i = 0; i < edits; i++) {
                edit(in, text);
            }
            return text.toString();
        };
    }

    private static void edit(RandomnessSource in, StringBuilder text) {
        int at = (int) in.next(Constraint.between(0, text.length()));
        switch ((int) in.next(Constraint.between(0, 8))) {
            case 0 -> text.delete(at, Math.min(text.length(), at + 1 + pick(in, 20)));
            case 1 -> text.insert(at, (char) in.next(Constraint.between(0, 0xFFFF)));
            case 2 -> {
                if (at + 1 < text.length()) {
                    char c = text.charAt(at);
                    text.setCharAt(at, text.charAt(at + 1));
                    text.setCharAt(at + 1, c);
                }
            }
            case 3, 4 -> text.insert(at, TOKENS.get(pick(in, TOKENS.size())));
            case 5 -> {
                int[] line = lineAround(text, at);
                text.insert(line[0], text.substring(line[0], line[1]));
            }
            case 6 -> {
                int[] line = lineAround(text, at);
                text.delete(line[0], line[1]);
            }
            case 7 -> {
                // Re-indent a line: the commonest way a valid map turns into a different structure.
                int start = lineAround(text, at)[0];
                int shift = (int) in.next(Constraint.between(-4, 4));
                if (shift > 0) {
                    text.insert(start, " ".repeat(shift));
                } else {
                    for (int i = 0; i < -shift && start < text.length() && text.charAt(start) == ' '; i++) {
                        text.deleteCharAt(start);
                    }
                }
            }
            default -> {
                // Replace a word with another word of the same document: valid YAML, wrong meaning.
                int[] word = wordAround(text, at);
                int[] other = wordAround(text, (int) in.next(Constraint.between(0, text.length())));
                String replacement = text.substring(other[0], other[1]);
                text.replace(word[0], word[1], replacement);
            }
        }
    }

    private static int pick(RandomnessSource in, int size) {
        return (int) in.next(Constraint.between(0, size - 1));
    }

    /** Start and end (after the newline) of the line holding {@code at}. */
    private static int[] lineAround(StringBuilder text, int at) {
        int start = at;
        while (start > 0 && text.charAt(start - 1) != '\n') {
            start--;
        }
        int end = at;
        while (end < text.length() && text.charAt(end) != '\n') {
            end++;
        }
        return new int[] {start, Math.min(text.length(), end + 1)};
    }

    private static int[] wordAround(StringBuilder text, int at) {
        int start = Math.min(at, text.length());
        while (start > 0 && isWordChar(text.charAt(start - 1))) {
            start--;
        }
        int end = start;
        while (end < text.length() && isWordChar(text.charAt(end))) {
            end++;
        }
        return new int[] {start, end};
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
    }
}
