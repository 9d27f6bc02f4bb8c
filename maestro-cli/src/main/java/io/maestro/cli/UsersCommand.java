package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.maestro.cli.online.ApiClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code maestro users list|add|role}: users of the control plane (admin). */
@Command(name = "users", mixinStandardHelpOptions = true, description = "List and add users, change their role (admin).",
        subcommands = {UsersCommand.List.class, UsersCommand.Add.class, UsersCommand.SetRole.class})
public final class UsersCommand extends GroupCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
    static final class List extends OnlineCommand {
        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.get("/users");
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("NAME", "ROLE", "CREATED");
            answer.path("users").forEach(u -> table.row(u.path("name").asText(), u.path("role").asText(), u.path("createdAt").asText()));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user; then give them a token with `maestro tokens create --user NAME`.")
    static final class Add extends OnlineCommand {
        @Parameters(paramLabel = "NAME", description = "The user's name.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "viewer|deployer|admin", description = "What the user may do.")
        String role;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.post("/users", Map.of("name", name, "role", role));
            if (json()) {
                return printJson(answer);
            }
            out().println("added user " + answer.path("name").asText() + " (" + answer.path("role").asText() + ")");
            out().flush();
            return 0;
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Change a user's role.")
    static final class SetRole extends OnlineCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The user.")
        String name;

        @Parameters(index = "1", paramLabel = "ROLE", description = "viewer, deployer or admin.")
        String role;

        @Override
        protected int run(ApiClient api) {
            JsonNode answer = api.put("/users/" + ApiClient.segment(name), Map.of("role", role));
            if (json()) {
                return printJson(answer);
            }
            out().println("user " + answer.path("name").asText() + " is now " + answer.path("role").asText());
            out().flush();
            return 0;
        }
    }
}
