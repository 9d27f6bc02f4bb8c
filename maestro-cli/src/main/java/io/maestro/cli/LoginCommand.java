package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiClient;
import io.maestro.cli.online.Profile;
import io.maestro.cli.online.ProfileStore;
import io.maestro.cli.online.ServerUrl;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro login --server URL --token T [--profile NAME] [--default]}: checks the token
 * with {@code GET /api/v1/me} and saves the profile (see {@link ProfileStore}). Nothing is saved
 * when the server is unreachable or rejects the token.
 */
@Command(name = "login", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Check an API token against a Maestro server and save it as a profile",
            "(in $MAESTRO_CONFIG or ~/.maestro/cli.json, mode 0600). The first profile becomes the default."
        })
public final class LoginCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", required = true, paramLabel = "URL", description = "The server, e.g. http://127.0.0.1:8080.")
    private String server;

    @Option(names = "--token", required = true, paramLabel = "TOKEN",
            description = "The API token; '-' reads it from standard input (keeps it out of the shell history).")
    private String token;

    @Option(names = "--profile", paramLabel = "NAME", defaultValue = ProfileStore.DEFAULT_PROFILE,
            description = "Save as this profile (default: ${DEFAULT-VALUE}); an existing one is replaced.")
    private String profile;

    @Option(names = "--default", description = "Make this profile the default one.")
    private boolean makeDefault;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliContext context = ((MaestroCli) spec.root().userObject()).context();
        if (!profile.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new UsageException("--profile: expected a name of letters, digits, '.', '_' or '-', got '" + profile + "'");
        }
        URI url = ServerUrl.parse(server, "--server");
        String secret = token.equals("-") ? readToken(context) : token.strip();
        if (secret.isEmpty()) {
            throw new UsageException("--token: expected an API token, got an empty one");
        }
        JsonNode me = ApiClient.of(url, secret, profile).get("/me");
        String user = me.path("name").asText(null);
        String role = me.path("role").asText(null);
        ProfileStore store = ProfileStore.locate(context.env());
        ProfileStore.Profiles profiles = store.load().with(new Profile(profile, url, secret, user, role));
        boolean isDefault = makeDefault || profiles.defaultProfile().isEmpty();
        if (isDefault) {
            profiles = profiles.withDefault(profile);
        }
        store.save(profiles);
        if (output.json()) {
            ObjectNode node = Json.object();
            node.put("profile", profile);
            node.put("server", url.toString());
            node.put("user", user);
            node.put("role", role);
            node.put("default", profile.equals(profiles.defaultName()));
            node.put("config", store.file().toString());
            spec.commandLine().getOut().print(Json.write(node));
        } else {
            spec.commandLine().getOut().println("logged in to " + url + " as " + user + " (" + role + "); saved profile '"
                    + profile + "'" + (profile.equals(profiles.defaultName()) ? " (default)" : "") + " in " + store.file());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static String readToken(CliContext context) {
        try {
            return new String(context.stdin().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UsageException("--token -: cannot read the token from standard input: " + e.getMessage());
        }
    }
}
