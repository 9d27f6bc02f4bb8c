package io.maestro.store;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Maestro keeps its local state (the SQLite database, the master key): {@code MAESTRO_HOME}
 * if set, else {@code ~/.maestro}.
 */
public final class MaestroHome {

    public static final String ENV_VAR = "MAESTRO_HOME";

    private MaestroHome() {}

    /** Resolves the home from {@code env} (pass {@code System.getenv()}). */
    public static Path resolve(Map<String, String> env) {
        String configured = env.get(ENV_VAR);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".maestro");
    }
}
