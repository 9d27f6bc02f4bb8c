package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.cli.online.Profile;
import io.maestro.cli.online.ProfileStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code maestro profiles list|use}: the saved profiles (never their tokens) and which is the default. */
@Command(name = "profiles", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"List the saved login profiles or choose the default one;",
            "create, list (with APP) and delete an application's deployment profiles."},
        subcommands = {ProfilesCommand.List.class, ProfilesCommand.Use.class,
            DeploymentProfilesCommands.Create.class, DeploymentProfilesCommands.Delete.class})
public final class ProfilesCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ErrorReporter.EXIT_USAGE;
    }

    static ProfileStore store(CommandSpec spec) {
        return ProfileStore.locate(((MaestroCli) spec.root().userObject()).context().env());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the saved login profiles (* marks the default);",
                "with APP: the application's deployment profiles."})
    static final class List implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Mixin
        private OutputOption output;

        @Parameters(arity = "0..1", paramLabel = "APP", description = "An application: list its deployment profiles.")
        private String app;

        @Override
        public Integer call() {
            if (app != null) {
                return DeploymentProfilesCommands.list(io.maestro.cli.online.Connection.resolve(null,
                        ((MaestroCli) spec.root().userObject()).context().env()).client(), app,
                        spec.commandLine().getOut(), output.json());
            }
            ProfileStore store = store(spec);
            ProfileStore.Profiles profiles = store.load();
            if (output.json()) {
                ObjectNode node = Json.object();
                node.put("config", store.file().toString());
                node.put("default", profiles.defaultName());
                ArrayNode all = node.putArray("profiles");
                for (Profile p : profiles.all()) {
                    all.addObject().put("name", p.name()).put("server", p.server().toString())
                            .put("user", p.user()).put("role", p.role()).put("default", p.name().equals(profiles.defaultName()));
                }
                spec.commandLine().getOut().print(Json.write(node));
            } else if (profiles.all().isEmpty()) {
                spec.commandLine().getOut().println("no profiles in " + store.file()
                        + "; run `maestro login --server URL --token TOKEN`");
            } else {
                Table table = new Table("", "PROFILE", "SERVER", "USER", "ROLE");
                profiles.all().forEach(p -> table.row(p.name().equals(profiles.defaultName()) ? "*" : " ",
                        p.name(), p.server(), p.user(), p.role()));
                table.print(spec.commandLine().getOut());
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "use", mixinStandardHelpOptions = true, description = "Make a saved profile the default one.")
    static final class Use implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The profile.")
        private String name;

        @Mixin
        private OutputOption output;

        @Override
        public Integer call() {
            ProfileStore store = store(spec);
            ProfileStore.Profiles profiles = store.load();
            profiles.require(name, store.file());
            store.save(profiles.withDefault(name));
            if (output.json()) {
                ObjectNode node = Json.object();
                node.put("default", name);
                spec.commandLine().getOut().print(Json.write(node));
            } else {
                spec.commandLine().getOut().println("default profile is now '" + name + "'");
            }
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
