package io.maestro.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code maestro convert}: groups the converters; today only {@code compose}. */
@Command(name = "convert",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        subcommands = ConvertComposeCommand.class,
        description = "Convert another format into a service.yml.")
public final class ConvertCommand implements Callable<Integer> {

    @ParentCommand
    private MaestroCli root;

    @Spec
    private CommandSpec spec;

    MaestroCli root() {
        return root;
    }

    /** Without a subcommand there is nothing to do: show what exists, exit 2 (usage). */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
