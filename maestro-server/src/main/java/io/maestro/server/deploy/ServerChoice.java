package io.maestro.server.deploy;

import io.maestro.store.Store;
import io.maestro.store.server.Server;
import java.util.List;
import java.util.Optional;

/**
 * The registered server for something the manifest places (a data store group, the
 * load_balancer): a server it names, or the environment's default. Every failure says the command
 * that fixes it.
 *
 * <pre>{@code
 * ServerChoice choice = new ServerChoice(store);
 * Server named = choice.named("the load_balancer", "edge1", "the manifest's load_balancer server unique_name");
 * Server fallback = choice.environmentDefault("postgresql (group default)", "shop", "production", "");
 * }</pre>
 */
final class ServerChoice {

    private final Store store;

    ServerChoice(Store store) {
        this.store = store;
    }

    /**
     * The registered server {@code name}.
     *
     * @param subject what is placed, as an error sentence starts ({@code the load_balancer})
     * @param why where the name comes from ({@code reached through same_as db -> app-1})
     * @throws DeployException when nobody registered it
     */
    Server named(String subject, String name, String why) {
        return store.servers().find(name).orElseThrow(() -> new DeployException(DeployException.Reason.CONFLICT,
                subject + " is placed on server '" + name + "' (" + why + "), which is not registered;"
                        + " register it first: maestro servers add " + name + " --ssh USER@HOST[:PORT] --key FILE"
                        + " (or maestro servers add " + name + " --local for this machine)"));
    }

    /**
     * For a manifest entry without {@code servers}: the environment's {@code server} setting, else
     * the only registered server.
     *
     * @param manifestHint how to place it in manifest.yml instead, ending in {@code or}; empty when there is none
     * @throws DeployException when the setting names an unregistered server, or no single server is the choice
     */
    Server environmentDefault(String subject, String application, String environment, String manifestHint) {
        Optional<String> chosen = store.environmentSettings().server(application, environment);
        if (chosen.isPresent()) {
            return named(subject, chosen.get(), "the server setting of environment " + environment);
        }
        List<Server> all = store.servers().list();
        if (all.size() == 1) {
            return all.get(0);
        }
        String hint = manifestHint + " set the environment's server: PUT /api/v1/apps/" + application + "/environments/"
                + environment + " {\"server\": NAME}";
        if (all.isEmpty()) {
            throw new DeployException(DeployException.Reason.CONFLICT, subject + " has no server in the manifest"
                    + " and no server is registered; register one (maestro servers add NAME --ssh USER@HOST --key FILE) and"
                    + hint);
        }
        throw new DeployException(DeployException.Reason.CONFLICT, subject + " has no server in the manifest and "
                + all.size() + " servers are registered (" + String.join(", ", all.stream().map(Server::name).toList())
                + "); choose one:" + hint);
    }
}
