package io.maestro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code maestro tokens create|list|revoke}: API tokens of a user (yourself by default; an admin
 * may name any user). A new token is printed once; listings show prefixes only.
 */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = "Create, list and revoke API tokens (your own, or any user's as an admin).",
        subcommands = {TokensCommand.Create.class, TokensCommand.List.class, TokensCommand.Revoke.class})
public final class TokensCommand extends GroupCommand {

    static String user(ApiClient api, String user) {
        return user != null ? user : api.get("/me").path("name").asText();
    }

    @Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Create a token and print it once (the server keeps only its hash).")
    static final class Create extends OnlineCommand {
        @Option(names = "--user", paramLabel = "NAME", description = "Whose token (default: yours).")
        String user;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for, e.g. 'ci'.")
        String description;

        @Override
        protected int run(ApiClient api) {
            String owner = user(api, user);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("description", description);
            JsonNode answer = api.post("/users/" + ApiClient.segment(owner) + "/tokens", body);
            if (json()) {
                return printJson(answer);
            }
            out().println(answer.path("token").asText());
            out().flush();
            err().println("created a token for " + owner + " (prefix " + answer.path("prefix").asText()
                    + "); it is shown only this once");
            err().flush();
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's tokens by prefix, newest first.")
    static final class List extends OnlineCommand {
        @Option(names = "--user", paramLabel = "NAME", description = "Whose tokens (default: yours).")
        String user;

        @Override
        protected int run(ApiClient api) {
            String owner = user(api, user);
            JsonNode answer = api.get("/users/" + ApiClient.segment(owner) + "/tokens");
            if (json()) {
                return printJson(answer);
            }
            Table table = new Table("PREFIX", "DESCRIPTION", "CREATED", "LAST USED", "STATE");
            answer.path("tokens").forEach(t -> table.row(t.path("prefix").asText(), text(t, "description", ""),
                    t.path("createdAt").asText(), text(t, "lastUsedAt", "never"),
                    t.path("revoked").asBoolean() ? "revoked" : "live"));
            table.print(out());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its prefix (yours, or any as an admin).")
    static final class Revoke extends OnlineCommand {
        @Parameters(paramLabel = "PREFIX", description = "The token's prefix, as `maestro tokens list` shows it.")
        String prefix;

        @Override
        protected int run(ApiClient api) {
            api.delete("/tokens/" + ApiClient.segment(prefix));
            if (json()) {
                ObjectNode node = Json.object();
                node.put("prefix", prefix);
                node.put("revoked", true);
                return printJson(node);
            }
            out().println("revoked token " + prefix);
            out().flush();
            return 0;
        }
    }
}
