package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.ProfileStore;
import io.maestro.model.MaestroException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro logout [--profile NAME]}: forgets a saved profile (the default one when none is
 * named). The token stays valid on the server; revoke it with {@code maestro tokens revoke}.
 */
@Command(name = "logout", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Forget a saved profile (default: the default profile). The token itself stays valid on the server.")
public final class LogoutCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--profile", paramLabel = "NAME", description = "The profile to forget (default: the default profile).")
    private String profile;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliContext context = ((MaestroCli) spec.root().userObject()).context();
        ProfileStore store = ProfileStore.locate(context.env());
        ProfileStore.Profiles profiles = store.load();
        String name = profile != null ? profile : profiles.defaultName();
        if (name == null) {
            throw new MaestroException("not logged in: no default profile in " + store.file() + "; name one with --profile");
        }
        profiles.require(name, store.file());
        store.save(profiles.without(name));
        if (output.json()) {
            ObjectNode node = Json.object();
            node.put("profile", name);
            node.put("removed", true);
            spec.commandLine().getOut().print(Json.write(node));
        } else {
            spec.commandLine().getOut().println("removed profile '" + name + "' from " + store.file());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
