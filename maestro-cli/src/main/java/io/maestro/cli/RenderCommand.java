package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.plan.kube.KubeSerializer;
import io.maestro.plan.kube.KubernetesRenderer;
import io.maestro.plan.kube.RenderOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro render}: validates, then prints (or writes) every Kubernetes object one
 * environment of the application needs. Invalid input writes nothing.
 */
@Command(name = "render",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Validate, then print every Kubernetes object an environment needs.",
            "Same input, same bytes (but --show-secrets draws AUTO_GENERATE values anew).",
            "Invalid input: problems on stderr, exit 1, nothing written."
        })
public final class RenderCommand implements Callable<Integer> {

    static final String DEFAULT_ENVIRONMENT = "production";

    @ParentCommand
    private MaestroCli root;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DefinitionFileOptions definitionFiles;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME", defaultValue = DEFAULT_ENVIRONMENT,
            description = "The environment to render (default: ${DEFAULT-VALUE}).")
    private String environment;

    @Option(names = "--app", paramLabel = "NAME",
            description = "Application name, part of the namespace (default: the service file's directory name as a DNS label).")
    private String application;

    @Option(names = {"-o", "--output-dir"}, paramLabel = "DIR",
            description = "Write one file per object (NN-kind-name.yaml) into DIR instead of printing them."
                    + " DIR must be new, empty or hold only an earlier render, which is replaced.")
    private String outputDirectory;

    @Option(names = "--format", paramLabel = "yaml|json", converter = ObjectFormat.Converter.class,
            description = "Object format (default: yaml; json when --output json prints the objects).")
    private ObjectFormat format;

    @Option(names = "--show-secrets",
            description = "Write Secret values; without it they are masked.")
    private boolean showSecrets;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        DefinitionFiles files = definitionFiles.locate(root.context());
        String app = applicationName(files);
        if (!DnsLabel.isValid(environment)) {
            throw new UsageException("--env: expected a DNS-1123 label (lower-case letters, digits and '-',"
                    + " at most 63), got '" + environment + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        DefinitionCheck check = DefinitionCheck.run(files, environment);
        if (!check.valid()) {
            if (output.json()) {
                ObjectNode node = Json.object();
                node.put("valid", false);
                out.print(Json.write(check.report().addTo(node)));
            } else {
                check.report().printText(err);
            }
            return 1;
        }

        List<HasMetadata> objects = KubernetesRenderer.render(check.definition(),
                new RenderOptions(app, environment, showSecrets));
        if (outputDirectory == null) {
            // stdout carries the objects (JSON by default when JSON was asked for); warnings stay
            // on stderr in both modes.
            ObjectFormat objectFormat = format != null ? format : output.json() ? ObjectFormat.JSON : ObjectFormat.YAML;
            check.report().printText(err);
            out.print(RenderedFiles.withNewline(objectFormat == ObjectFormat.JSON
                    ? KubeSerializer.toJsonList(objects) : KubeSerializer.toYaml(objects)));
            return 0;
        }

        // With -o, --output describes the report, not the files: they stay YAML unless --format says.
        ObjectFormat fileFormat = format != null ? format : ObjectFormat.YAML;
        Path directory = root.context().resolve(outputDirectory);
        List<String> written = RenderedFiles.write(directory, outputDirectory, objects, fileFormat,
                object -> fileFormat == ObjectFormat.JSON
                        ? KubeSerializer.toJsonObject(object) : KubeSerializer.toYaml(List.of(object)));
        if (output.json()) {
            ObjectNode node = Json.object();
            node.put("valid", true);
            node.put("application", app);
            node.put("environment", environment);
            node.put("directory", outputDirectory);
            node.set("files", Json.strings(written));
            out.print(Json.write(check.report().addTo(node)));
        } else {
            check.report().printText(err);
            out.println("wrote " + ValidateCommand.count(written.size(), "object") + " to " + outputDirectory);
        }
        return 0;
    }

    private String applicationName(DefinitionFiles files) {
        if (application != null) {
            if (!DnsLabel.isValid(application)) {
                throw new UsageException("--app: expected a DNS-1123 label (lower-case letters, digits and '-',"
                        + " at most 63), got '" + application + "'");
            }
            return application;
        }
        Path directoryName = files.serviceDirectory().getFileName();
        return DnsLabel.sanitise(directoryName == null ? "" : directoryName.toString());
    }
}
