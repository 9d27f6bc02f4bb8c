package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro registries add|list|remove}: credentials of the registries builds push to. */
@Command(name = "registries", mixinStandardHelpOptions = true,
        description = "Store credentials of container registries builds push to (the password is encrypted by the control plane).",
        subcommands = {RegistriesCommand.Add.class, RegistriesCommand.List.class, RegistriesCommand.Remove.class})
public final class RegistriesCommand extends GroupCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Store a registry's user name and password (read from standard input, never an argument).")
    static final class Add extends OnlineCommand {
        @Parameters(paramLabel = "HOST", description = "The registry's host[:port], as in image names.")
        String host;

        @Option(names = "--username", required = true, paramLabel = "USER", description = "The user to push as.")
        String username;

        @Option(names = "--password-stdin", required = true, description = "Read the password from standard input.")
        boolean passwordStdin;

        @Option(names = "--default", description = "Push builds to this registry from now on.")
        boolean makeDefault;

        @Override
        protected int run(ApiClient api) throws IOException {
            String password = new String(context().stdin().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (password.isEmpty()) {
                throw new UsageException("--password-stdin: expected the password on standard input, got nothing");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("host", host);
            body.put("username", username);
            body.put("password", password);
            body.put("default", makeDefault);
            JsonNode added = api.post("/registries", body);
            if (json()) {
                return printJson(added);
            }
            out().println("stored credentials of " + added.path("host").asText() + " for " + added.path("username").asText()
                    + (added.path("default").asBoolean() ? "; builds push there" : ""));
            out().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registries with stored credentials.")
    static final class List extends OnlineCommand {
        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/registries");
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("HOST", "USERNAME", "DEFAULT", "ADDED", "BY");
            answer.path("registries").forEach(r -> table.row(r.path("host").asText(), r.path("username").asText(),
                    r.path("default").asBoolean() ? "yes" : "", r.path("addedAt").asText(), r.path("addedBy").asText()));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a registry's credentials.")
    static final class Remove extends OnlineCommand {
        @Parameters(paramLabel = "HOST", description = "The registry's host[:port].")
        String host;

        @Override
        protected int run(ApiClient api) {
            api.delete("/registries/" + ApiClient.segment(host));
            if (json()) {
                return printJson(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("removed", host));
            }
            out().println("removed registry " + host);
            out().flush();
            return 0;
        }
    }
}
