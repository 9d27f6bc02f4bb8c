package io.maestro.cli.online;

import io.maestro.cli.UsageException;
import java.net.URI;
import java.net.URISyntaxException;

/** Parses the server URL a user typed ({@code --server}, {@code MAESTRO_SERVER}). */
public final class ServerUrl {

    private ServerUrl() {}

    /**
     * {@code http(s)://host[:port][/prefix]}, without a trailing slash.
     *
     * @throws UsageException when the text is not such a URL
     */
    public static URI parse(String text, String where) {
        String trimmed = text.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new UsageException(where + ": expected an http:// or https:// URL such as http://127.0.0.1:8080, got '"
                    + text + "'");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            throw new UsageException(where + ": expected an http:// or https:// URL such as http://127.0.0.1:8080, got '"
                    + text + "'");
        }
        return uri;
    }
}
