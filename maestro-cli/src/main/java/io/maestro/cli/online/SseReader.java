package io.maestro.cli.online;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} (the WHATWG server-sent events format): {@code event:},
 * {@code data:} (several lines join with newlines), {@code id:}, comments ({@code :...}), and a
 * blank line ends an event. Lines may end with CRLF, LF or CR.
 */
public final class SseReader {

    /** Receives events; returns false to stop reading. */
    @FunctionalInterface
    public interface Listener {
        boolean onEvent(ServerEvent event);
    }

    private SseReader() {}

    /**
     * Reads events until the stream ends or {@code listener} returns false.
     *
     * @return whether the listener asked to stop (false: the stream ended)
     */
    public static boolean read(InputStream in, Listener listener) throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String type = null;
        StringBuilder data = null;
        String id = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    if (!listener.onEvent(new ServerEvent(type == null ? "message" : type, data.toString(), id))) {
                        return true;
                    }
                }
                type = null;
                data = null;
                continue;
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> type = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                case "id" -> id = value;
                default -> { } // "retry" and unknown fields: ignored, as the format says
            }
        }
        return false;
    }
}
