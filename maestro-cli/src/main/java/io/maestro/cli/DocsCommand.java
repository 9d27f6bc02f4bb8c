package io.maestro.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.maestro.model.MaestroException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro docs generate [DIR]} (hidden, for maintainers; run by scripts/gen-docs): writes
 * the key reference pages from the key tables.
 */
@Command(name = "docs",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, hidden = true,
        subcommands = DocsCommand.Generate.class,
        description = "Maintainer tools for the documentation.")
public final class DocsCommand implements Callable<Integer> {

    @ParentCommand
    private MaestroCli root;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** Writes docs/service-yml.md and docs/manifest-yml.md. */
    @Command(name = "generate", mixinStandardHelpOptions = true, description = "Write the key reference pages into DIR.")
    public static final class Generate implements Callable<Integer> {

        @ParentCommand
        private DocsCommand parent;

        @Spec
        private CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", defaultValue = "docs",
                description = "Target directory (default: ${DEFAULT-VALUE}).")
        private String directory;

        @Override
        public Integer call() {
            CliContext context = parent.root.context();
            Path target = context.resolve(directory);
            for (ReferenceDocs.Page page : ReferenceDocs.pages(context.keyTables())) {
                Path file = target.resolve(page.fileName());
                try {
                    Files.createDirectories(target);
                    Files.writeString(file, page.text(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new MaestroException("cannot write " + file + ": " + e.getMessage(), e);
                }
                spec.commandLine().getOut().println("wrote " + Path.of(directory).resolve(page.fileName()));
            }
            return 0;
        }
    }
}
