package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro validate}: checks service.yml (and manifest.yml) and reports every problem at
 * once. Exit 0 when valid (warnings allowed), 1 when invalid, 2 on usage errors.
 */
@Command(name = "validate",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Check service.yml and manifest.yml and report every problem at once.",
            "Problems go to stderr, one per line: FILE:LINE:COL: error|warning: MESSAGE.",
            "Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage error."
        })
public final class ValidateCommand implements Callable<Integer> {

    @ParentCommand
    private MaestroCli root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DefinitionFileOptions definitionFiles;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME",
            description = "Check for this environment only (default: every environment of the manifest).")
    private String environment;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        DefinitionFiles files = definitionFiles.locate(root.context());
        DefinitionCheck check = DefinitionCheck.run(files, environment);
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            out.print(Json.write(json(files, check)));
        } else {
            check.report().printText(spec.commandLine().getErr());
            if (check.valid()) {
                out.println(files.service().name() + ": valid (" + count(check.serviceCount(), "service") + ", "
                        + count(check.report().warnings().size(), "warning") + ")");
            }
        }
        out.flush();
        return check.valid() ? 0 : 1;
    }

    private ObjectNode json(DefinitionFiles files, DefinitionCheck check) {
        ObjectNode node = Json.object();
        node.put("valid", check.valid());
        node.put("file", files.service().name());
        node.put("manifest", files.manifest().map(m -> m.name()).orElse(null));
        node.put("environment", environment);
        if (check.valid()) {
            node.put("services", check.serviceCount());
        } else {
            node.putNull("services");
        }
        return check.report().addTo(node);
    }

    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
