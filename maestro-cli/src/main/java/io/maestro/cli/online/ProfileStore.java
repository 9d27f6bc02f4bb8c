package io.maestro.cli.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.UsageException;
import io.maestro.model.MaestroException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's saved profiles: {@code $MAESTRO_CONFIG}, or {@code ~/.maestro/cli.json}. The file
 * holds tokens, so it is written with mode 0600 (through a temporary file in the same folder and
 * an atomic rename, so a crash never leaves half a file) and its folder is created with 0700.
 *
 * <pre>{@code
 * {
 *   "default": "prod",
 *   "profiles": {
 *     "prod": {"server": "https://maestro.example.com", "token": "maestro_...", "user": "alice", "role": "admin"}
 *   }
 * }
 * }</pre>
 */
public final class ProfileStore {

    /** The profile name when {@code maestro login} is given none. */
    public static final String DEFAULT_PROFILE = "default";
    /** Environment variable naming the profiles file. */
    public static final String CONFIG_ENV = "MAESTRO_CONFIG";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    private ProfileStore(Path file) {
        this.file = file;
    }

    /** The store at {@code $MAESTRO_CONFIG}, else {@code $HOME/.maestro/cli.json}. */
    public static ProfileStore locate(Map<String, String> env) {
        String configured = env.get(CONFIG_ENV);
        if (configured != null && !configured.isBlank()) {
            return new ProfileStore(Path.of(configured).toAbsolutePath());
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return new ProfileStore(Path.of(home, ".maestro", "cli.json").toAbsolutePath());
    }

    public static ProfileStore at(Path file) {
        return new ProfileStore(file.toAbsolutePath());
    }

    public Path file() {
        return file;
    }

    /** What the file holds (empty when it does not exist yet). */
    public Profiles load() {
        if (!Files.exists(file)) {
            return new Profiles(null, List.of());
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new MaestroException(file + ": expected the CLI's profiles as JSON, could not read it ("
                    + e.getMessage().lines().findFirst().orElse("") + "); fix or delete the file and run `maestro login`");
        }
        if (root == null || !root.isObject()) {
            throw new MaestroException(file + ": expected a JSON object with \"profiles\"; fix or delete the file and run `maestro login`");
        }
        List<Profile> profiles = new ArrayList<>();
        root.path("profiles").properties().forEach(entry -> {
            JsonNode p = entry.getValue();
            String server = p.path("server").asText("");
            String token = p.path("token").asText("");
            if (server.isEmpty() || token.isEmpty()) {
                throw new MaestroException(file + ": profiles." + entry.getKey()
                        + ": expected \"server\" and \"token\"; run `maestro login --profile " + entry.getKey() + "` again");
            }
            profiles.add(new Profile(entry.getKey(), URI.create(server), token, text(p, "user"), text(p, "role")));
        });
        String def = text(root, "default");
        return new Profiles(def, profiles);
    }

    /** Writes {@code profiles}, replacing the file (mode 0600). */
    public void save(Profiles profiles) {
        ObjectNode root = JSON.createObjectNode();
        root.put("default", profiles.defaultName());
        ObjectNode all = root.putObject("profiles");
        for (Profile p : profiles.all()) {
            ObjectNode node = all.putObject(p.name());
            node.put("server", p.server().toString());
            node.put("token", p.token());
            node.put("user", p.user());
            node.put("role", p.role());
        }
        try {
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectories(dir);
                }
            }
            Path temp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
                Files.deleteIfExists(temp);
                Files.createFile(temp);
            }
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new MaestroException("cannot write the CLI's profiles to " + file + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /**
     * The saved profiles, in file order, and the name of the default one (null when none).
     */
    public record Profiles(String defaultName, List<Profile> all) {

        public Profiles {
            all = List.copyOf(all);
        }

        public Optional<Profile> find(String name) {
            return all.stream().filter(p -> p.name().equals(name)).findFirst();
        }

        public Optional<Profile> defaultProfile() {
            return defaultName == null ? Optional.empty() : find(defaultName);
        }

        /** The profile named {@code name}, or a usage error that lists the saved ones. */
        public Profile require(String name, Path file) {
            return find(name).orElseThrow(() -> new UsageException("no profile named '" + name + "' in " + file
                    + (all.isEmpty() ? "; run `maestro login --server URL --token TOKEN --profile " + name + "`"
                            : "; saved profiles: " + String.join(", ", all.stream().map(Profile::name).toList()))));
        }

        /** These profiles with {@code profile} added or replaced (in place). */
        public Profiles with(Profile profile) {
            List<Profile> next = new ArrayList<>(all);
            int at = -1;
            for (int i = 0; i < next.size(); i++) {
                if (next.get(i).name().equals(profile.name())) {
                    at = i;
                }
            }
            if (at >= 0) {
                next.set(at, profile);
            } else {
                next.add(profile);
            }
            return new Profiles(defaultName, next);
        }

        public Profiles without(String name) {
            return new Profiles(name.equals(defaultName) ? null : defaultName,
                    all.stream().filter(p -> !p.name().equals(name)).toList());
        }

        public Profiles withDefault(String name) {
            return new Profiles(name, all);
        }
    }
}
