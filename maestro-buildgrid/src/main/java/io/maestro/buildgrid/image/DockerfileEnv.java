package io.maestro.buildgrid.image;

import io.maestro.buildgrid.BuildException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Substitutes the application's environment variables into a Dockerfile, as BuildGrid documents
 * it (maestro-reference §4: "App env vars are substituted into the Dockerfile as {@code $VAR}").
 *
 * <p>{@code $NAME} and {@code ${NAME}} are replaced when NAME is one of the application's
 * variables; anything else (build ARGs, ENV set in the Dockerfile, {@code \$NAME}) is left for
 * the builder. A value holding a line break is refused: it would add Dockerfile instructions.
 */
public final class DockerfileEnv {

    private static final Pattern REFERENCE = Pattern.compile("\\\\\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private DockerfileEnv() {
    }

    public static String substitute(String dockerfile, Map<String, String> env) {
        Matcher matcher = REFERENCE.matcher(dockerfile);
        StringBuilder out = new StringBuilder(dockerfile.length());
        while (matcher.find()) {
            String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            String replacement = matcher.group();
            if (name != null && env.containsKey(name)) {
                replacement = env.get(name);
                if (replacement.indexOf('\n') >= 0 || replacement.indexOf('\r') >= 0) {
                    throw new BuildException("environment variable " + name
                            + ": expected a single-line value to substitute into the Dockerfile, found a line break"
                            + " (pass multi-line values at run time instead)");
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
