package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.MaestroException;
import io.maestro.model.compose.ComposeConverter;
import io.maestro.model.source.InvalidDefinitionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro convert compose FILE}: writes the service.yml equivalent of a docker-compose file
 * and lists, as warnings, every setting it could not convert and why.
 */
@Command(name = "compose",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Convert a docker-compose.yml into an equivalent service.yml.",
            "Settings that cannot be converted are listed on stderr as warnings: FILE: warning: ..."
        })
public final class ConvertComposeCommand implements Callable<Integer> {

    static final String STDOUT = "-";

    @ParentCommand
    private ConvertCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The docker-compose file.")
    private String composeFile;

    @Option(names = {"-o", "--output-file"}, paramLabel = "FILE", defaultValue = "service.yml",
            description = "Where to write the service.yml (default: ${DEFAULT-VALUE}; '-' prints it).")
    private String target;

    @Option(names = "--force", description = "Overwrite the output file if it exists.")
    private boolean force;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliContext context = parent.root().context();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path composePath = context.resolve(composeFile);
        if (!Files.isRegularFile(composePath)) {
            throw new UsageException(composeFile + ": no such file");
        }
        boolean toStdout = STDOUT.equals(target);
        Path targetPath = toStdout ? null : context.resolve(target);
        if (!toStdout && Files.exists(targetPath) && !force) {
            throw new UsageException(target + ": already exists; use --force to overwrite it");
        }

        ComposeConverter.Conversion conversion;
        try {
            conversion = ComposeConverter.convert(new Source(composeFile, composePath, null));
        } catch (InvalidDefinitionException invalid) {
            DiagnosticReport report = DiagnosticReport.of(invalid.diagnostics());
            if (output.json()) {
                ObjectNode node = Json.object();
                node.put("valid", false);
                out.print(Json.write(report.addTo(node)));
            } else {
                report.printText(err);
            }
            return 1;
        }

        if (toStdout) {
            out.print(RenderedFiles.withNewline(conversion.serviceYml()));
        } else {
            write(targetPath, conversion.serviceYml());
        }
        if (output.json() && !toStdout) {
            ObjectNode node = Json.object();
            node.put("valid", true);
            node.put("file", composeFile);
            node.put("output", target);
            node.set("notConverted", Json.strings(conversion.notConverted()));
            out.print(Json.write(node));
        } else {
            conversion.notConverted().forEach(line -> err.println(composeFile + ": warning: " + line));
            if (!toStdout) {
                out.println("wrote " + target + " from " + composeFile + " ("
                        + ValidateCommand.count(conversion.notConverted().size(), "setting") + " not converted)");
            }
        }
        return 0;
    }

    private void write(Path targetPath, String text) {
        try {
            Files.writeString(targetPath, RenderedFiles.withNewline(text), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MaestroException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
