package io.maestro.server.hook;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One repository under its many spellings: {@code https://github.com/Org/Repo.git},
 * {@code git@github.com:org/repo}, {@code ssh://git@github.com:22/org/repo.git} and
 * {@code https://github.com/org/repo/} all normalize to {@code github.com/org/repo} (host and
 * path, lower case, without user, port, {@code .git} suffix or trailing slash).
 */
public final class RepositoryUrl {

    // scheme://[user@]host[:port]/path
    private static final Pattern WITH_SCHEME = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://(?:[^@/]*@)?([^/:]+)(?::\\d*)?(/.*)");
    // [user@]host:path (scp-like ssh)
    private static final Pattern SCP_LIKE = Pattern.compile("(?:[^@/:]+@)?([^/:]+):(?!//)(.+)");

    private RepositoryUrl() {}

    /** The normalized form of {@code url}; empty when it is not a repository URL. */
    public static Optional<String> normalize(String url) {
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String text = url.strip();
        Matcher m = WITH_SCHEME.matcher(text);
        if (!m.matches()) {
            m = SCP_LIKE.matcher(text);
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        String host = m.group(1);
        String path = m.group(2);
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.toLowerCase(Locale.ROOT).endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        if (host.isEmpty() || path.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((host + "/" + path).toLowerCase(Locale.ROOT));
    }
}
