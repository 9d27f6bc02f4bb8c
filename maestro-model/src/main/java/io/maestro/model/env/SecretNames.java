package io.maestro.model.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides from a variable's name alone whether its value is a secret (goes to a Kubernetes Secret,
 * never printed). The rule, documented in docs/env-vars.md:
 *
 * <ol>
 *   <li>The name is split into words at {@code _}, {@code -}, {@code .} and lower-to-upper case
 *       changes ({@code dbPassword} → {@code db}, {@code Password}).</li>
 *   <li>It is a secret when any word, upper-cased, is one of {@link #SECRET_WORDS}
 *       ({@code SECRET_KEY_BASE}, {@code API_TOKEN}, {@code AWS_ACCESS_KEY_ID}).</li>
 *   <li>Or when a word ends with one of {@link #SECRET_SUFFIXES}, which catches run-together names
 *       such as {@code DBPASSWORD} or {@code GITHUBTOKEN}. {@code KEY} and {@code PASS} are
 *       deliberately not suffixes: {@code MONKEY}, {@code TURNKEY}, {@code BYPASS} and
 *       {@code COMPASS} are ordinary words.</li>
 * </ol>
 *
 * A word only counts whole: {@code KEYCLOAK_URL}, {@code PASSENGER_MAX_POOL} and {@code MONKEY}
 * are not secrets. The rule errs towards secrecy ({@code PUBLIC_KEY} and {@code TOKEN_URL} are
 * secrets): misclassifying a plain value only moves it into a Secret, while the opposite would
 * print a credential.
 */
public final class SecretNames {

    /** Words that make a name secret wherever they appear in it. */
    public static final Set<String> SECRET_WORDS = Set.of(
            "PASSWORD", "PASSWORDS", "PASSWD", "PASS", "PWD", "PASSPHRASE",
            "SECRET", "SECRETS", "TOKEN", "TOKENS", "KEY", "KEYS", "APIKEY",
            "PRIVATE", "CREDENTIAL", "CREDENTIALS", "SALT");

    /** Endings that make a run-together word secret ({@code DBPASSWORD}). */
    public static final List<String> SECRET_SUFFIXES = List.of("PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY");

    private SecretNames() {}

    public static boolean isSecretName(String name) {
        for (String word : words(name)) {
            String upper = word.toUpperCase(Locale.ROOT);
            if (SECRET_WORDS.contains(upper)) {
                return true;
            }
            for (String suffix : SECRET_SUFFIXES) {
                if (upper.endsWith(suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The words of a name: split at separators and at lower-to-upper case changes. */
    static List<String> words(String name) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-' || c == '.') {
                flush(word, words);
                continue;
            }
            if (Character.isUpperCase(c) && i > 0 && Character.isLowerCase(name.charAt(i - 1))) {
                flush(word, words);
            }
            word.append(c);
        }
        flush(word, words);
        return words;
    }

    private static void flush(StringBuilder word, List<String> words) {
        if (!word.isEmpty()) {
            words.add(word.toString());
            word.setLength(0);
        }
    }
}
