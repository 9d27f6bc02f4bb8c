package io.maestro.plan.lb.haproxy;

import io.maestro.plan.lb.ConfigText;
import io.maestro.plan.lb.LoadBalancerConfigException;
import java.util.regex.Pattern;

/**
 * One word of an HAProxy configuration line.
 *
 * <p>{@link #literal(String)} is for user strings used as log-format text (header values): it is
 * written in single quotes (no environment expansion, no escapes inside), with {@code %} doubled so
 * it cannot start a sample expression; a value containing a single quote or a control character is
 * refused. {@link #raw(String)} is for Maestro's own words, which may use sample expressions
 * ({@code %[src]}) but contain no space, quote, {@code #} or control character.
 *
 * @param text the word as written
 */
public record HaproxyWord(String text) {

    private static final Pattern RAW = Pattern.compile("[A-Za-z0-9_./:*=~^@+,!%&<>|?\\[\\](){}-]+");

    public HaproxyWord {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new LoadBalancerConfigException("an HAProxy word cannot contain control characters: "
                        + ConfigText.quote(text));
            }
        }
    }

    public static HaproxyWord raw(String word) {
        if (!RAW.matcher(word).matches()) {
            throw new LoadBalancerConfigException("not a bare HAProxy word: " + ConfigText.quote(word));
        }
        return new HaproxyWord(word);
    }

    /** A user value: one word whatever it contains, never a sample fetch, an env variable or a comment. */
    public static HaproxyWord literal(String value) {
        if (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0) {
            throw new LoadBalancerConfigException("a value for HAProxy cannot contain a quote or backslash: "
                    + ConfigText.quote(value));
        }
        return new HaproxyWord("'" + value.replace("%", "%%") + "'");
    }
}
