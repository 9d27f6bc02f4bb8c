package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.model.DefinitionLoader.Source;
import io.maestro.model.MaestroException;
import io.maestro.model.compose.ComposeConverter;
import io.maestro.model.compose.ComposeConverter.Conversion;
import io.maestro.model.source.InvalidDefinitionException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro convert compose FILE}: writes the service.yml equivalent of a docker-compose file,
 * lists what it could not convert, what changed meaning and which application variables the result
 * needs, then validates the result the way {@code maestro validate} would, so the user knows the
 * next step.
 *
 * <p>The exit status is about the conversion: 0 when the service.yml was written, even if it is
 * not valid yet (the report says so and why); 1 when the compose file itself is invalid (nothing
 * is written); 2 on usage errors.
 */
@Command(name = "compose",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Convert a docker-compose.yml into a service.yml, then validate the result.",
            "On stderr: settings not converted (FILE: not converted: ...), settings",
            "whose meaning changed (FILE:LINE:COL: warning: ...) and the problems of",
            "the written service.yml.",
            "Exit status: 0 written (even if not valid yet), 1 invalid compose file,",
            "2 usage error."
        })
public final class ConvertComposeCommand implements Callable<Integer> {

    static final String STDOUT = "-";
    /** How diagnostics name the converted service.yml when it goes to stdout rather than a file. */
    static final String STDOUT_NAME = "(stdout)";

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

    @Option(names = "--git-url", paramLabel = "URL",
            description = "Repository BuildGrid builds services with a local build context (build: .) from.")
    private String gitUrl;

    @Option(names = "--git-branch", paramLabel = "BRANCH",
            description = "Branch of --git-url to build (default: the repository's default branch).")
    private String gitBranch;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        CliContext context = parent.root().context();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (gitBranch != null && gitUrl == null) {
            throw new UsageException("--git-branch needs --git-url: it names a branch of that repository");
        }
        Path composePath = context.resolve(composeFile);
        if (!Files.isRegularFile(composePath)) {
            throw new UsageException(composeFile + ": no such file");
        }
        boolean toStdout = STDOUT.equals(target);
        Path targetPath = toStdout ? null : context.resolve(target);
        if (!toStdout && Files.exists(targetPath) && !force) {
            throw new UsageException(target + ": already exists; use --force to overwrite it");
        }

        Conversion conversion;
        try {
            conversion = ComposeConverter.convert(new Source(composeFile, composePath, null),
                    new ComposeConverter.Options(gitUrl, gitBranch));
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

        DefinitionFiles converted;
        if (toStdout) {
            out.print(RenderedFiles.withNewline(conversion.serviceYml()));
            converted = new DefinitionFiles(Source.text(STDOUT_NAME, conversion.serviceYml()), Optional.empty(),
                    context.workingDirectory());
        } else {
            write(targetPath, conversion.serviceYml());
            // Exactly what `maestro validate -f TARGET` checks, manifest.yml beside it included.
            converted = DefinitionFiles.locate(context, target, null);
        }
        DefinitionCheck check = DefinitionCheck.run(converted, null);

        if (output.json() && !toStdout) {
            out.print(Json.write(json(conversion, converted, check)));
        } else {
            // With -o -, stdout carries the service.yml: the report goes to stderr in both modes.
            PrintWriter summary = toStdout ? err : out;
            printText(conversion, converted, check, err, summary);
        }
        return 0;
    }

    private void printText(Conversion conversion, DefinitionFiles converted, DefinitionCheck check,
            PrintWriter err, PrintWriter summary) {
        conversion.notConverted().forEach(line -> err.println(composeFile + ": not converted: " + line));
        conversion.warnings().forEach(warning -> err.println(warning.format()));
        check.report().printText(err);
        String name = converted.service().name();
        if (!STDOUT.equals(target)) {
            summary.println("wrote " + target + " from " + composeFile + " ("
                    + ValidateCommand.count(conversion.notConverted().size(), "setting") + " not converted, "
                    + ValidateCommand.count(conversion.warnings().size(), "warning") + ")");
        }
        if (!conversion.requiredVariables().isEmpty()) {
            summary.println("required variables: " + String.join(", ", conversion.requiredVariables())
                    + " (define them under environment_variables in manifest.yml, or give defaults: _env(NAME:default))");
        }
        if (check.valid()) {
            summary.println(name + ": valid (" + ValidateCommand.count(check.serviceCount(), "service") + ", "
                    + ValidateCommand.count(check.report().warnings().size(), "warning") + ")"
                    + (STDOUT.equals(target) ? "" : "; next: maestro render -f " + name));
        } else {
            int errors = check.report().errors().size();
            summary.println(name + ": not valid yet (" + ValidateCommand.count(errors, "error") + " above)"
                    + (STDOUT.equals(target) ? "" : "; fix " + (errors == 1 ? "it" : "them")
                            + ", then run: maestro validate -f " + name));
        }
    }

    /**
     * {@code valid}, {@code errors}, {@code warnings} and {@code truncated} are about the compose
     * file, as when it is invalid; {@code validation} is what {@code maestro validate --output json}
     * says about the written service.yml.
     */
    private ObjectNode json(Conversion conversion, DefinitionFiles converted, DefinitionCheck check) {
        ObjectNode node = Json.object();
        node.put("valid", true);
        node.put("file", composeFile);
        node.put("output", target);
        node.set("notConverted", Json.strings(conversion.notConverted()));
        node.set("requiredVariables", Json.strings(conversion.requiredVariables()));
        node.set("errors", Json.array());
        node.set("warnings", Json.diagnostics(conversion.warnings()));
        node.put("truncated", false);
        ObjectNode validation = node.putObject("validation");
        validation.put("valid", check.valid());
        validation.put("file", converted.service().name());
        validation.put("manifest", converted.manifest().map(Source::name).orElse(null));
        if (check.valid()) {
            validation.put("services", check.serviceCount());
        } else {
            validation.putNull("services");
        }
        check.report().addTo(validation);
        return node;
    }

    private void write(Path targetPath, String text) {
        try {
            Files.writeString(targetPath, RenderedFiles.withNewline(text), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MaestroException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
