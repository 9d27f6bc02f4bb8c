package io.maestro.plan.lb.nginx;

import io.maestro.plan.lb.ConfigText;
import io.maestro.plan.lb.LoadBalancerConfigException;
import java.util.regex.Pattern;

/**
 * One argument of an nginx directive.
 *
 * <p>{@link #literal(String)} is for user strings: it may not contain {@code $} (nginx expands
 * variables even inside quotes) nor control characters, and it is written bare only when it
 * consists of characters without meaning to nginx, otherwise in double quotes with {@code "} and
 * {@code \} escaped. {@link #raw(String)} is for Maestro's own words, which may use variables
 * ({@code $host}) and operators ({@code ~*}) but never a space, quote, brace or {@code ;}.
 *
 * @param text the argument's value
 * @param quoted whether it is written in double quotes
 */
public record NginxArg(String text, boolean quoted) {

    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_./:*=~^@+,!%&<>|?\\[\\]()-]+");
    private static final Pattern RAW = Pattern.compile("[A-Za-z0-9_./:*=~^@+,!%&<>|?\\[\\]()$-]+");

    public NginxArg {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new LoadBalancerConfigException("an nginx argument cannot contain control characters: "
                        + ConfigText.quote(text));
            }
        }
        if (!quoted && !RAW.matcher(text).matches()) {
            throw new LoadBalancerConfigException("not a bare nginx word: " + ConfigText.quote(text));
        }
    }

    /** A user-supplied value: never expands a variable, never ends the directive. */
    public static NginxArg literal(String value) {
        if (value.indexOf('$') >= 0) {
            throw new LoadBalancerConfigException("a value for nginx cannot contain '$' (nginx would expand it as a "
                    + "variable): " + ConfigText.quote(value));
        }
        return new NginxArg(value, !BARE.matcher(value).matches());
    }

    /** Maestro's own word; may reference variables. */
    public static NginxArg raw(String word) {
        return new NginxArg(word, false);
    }

    /** Maestro's own text that contains spaces or variables, always quoted (e.g. a header value). */
    public static NginxArg quotedRaw(String text) {
        return new NginxArg(text, true);
    }

    String written() {
        if (!quoted) {
            return text;
        }
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
