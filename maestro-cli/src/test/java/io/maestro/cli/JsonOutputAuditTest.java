package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command that takes {@code --output json} prints JSON on stdout when it fails, whatever the
 * failure: here no server is configured, so each one fails before it reaches the network (or, for
 * placeholder arguments it rejects, with a usage error).
 */
class JsonOutputAuditTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Commands that start processes (a control plane, podman containers) rather than talk to one. */
    private static final Set<String> NOT_AUDITED = Set.of("maestro server", "maestro up", "maestro down");

    @TempDir
    Path dir;

    @Test
    void everyCommandWithJsonOutputPrintsAJsonErrorObjectOnStdoutWhenItFails() throws IOException {
        CliContext context = CliContext.in(dir).withEnv(Map.of("MAESTRO_CONFIG", dir.resolve("cli.json").toString(),
                "HOME", dir.toString()));
        List<String> audited = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CommandSpec command : leaves(MaestroCli.commandLine(context, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), new ErrorReporter(false)).getCommandSpec())) {
            if (command.findOption("--output") == null || NOT_AUDITED.contains(command.qualifiedName())) {
                continue;
            }
            List<String> args = new ArrayList<>(List.of(command.qualifiedName().split(" ")).subList(1,
                    command.qualifiedName().split(" ").length));
            for (PositionalParamSpec positional : command.positionalParameters()) {
                if (positional.required() || positional.arity().min > 0) {
                    args.add(placeholder(positional.type()));
                }
            }
            for (OptionSpec option : command.options()) {
                if (option.required()) {
                    args.add(option.longestName());
                    if (option.arity().min > 0) {
                        args.add(placeholder(option.type()));
                    }
                }
            }
            args.add("--output");
            args.add("json");
            Cli.Run run = Cli.run(context, args.toArray(String[]::new));
            audited.add(String.join(" ", args) + " -> " + run.exitCode());
            if (run.exitCode() == 0) {
                continue;   // succeeded offline (profiles list, validate, ...): its own JSON, checked elsewhere
            }
            try {
                JsonNode json = JSON.readTree(run.out());
                if (json == null || !json.hasNonNull("error") || !json.hasNonNull("message")) {
                    problems.add(String.join(" ", args) + ": stdout has no {error, message}: " + run.out());
                }
            } catch (IOException e) {
                problems.add(String.join(" ", args) + ": stdout is not JSON: " + run);
            }
            if (run.exitCode() != 1 && run.exitCode() != 2) {
                problems.add(String.join(" ", args) + ": expected exit 1 or 2, got " + run.exitCode());
            }
        }
        assertThat(audited).as("commands audited").hasSizeGreaterThan(20);
        assertThat(problems).as(String.join("\n", audited)).isEmpty();
    }

    private static String placeholder(Class<?> type) {
        return type == int.class || type == Integer.class || type == long.class || type == Long.class ? "1" : "x";
    }

    private static List<CommandSpec> leaves(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        if (spec.subcommands().isEmpty()) {
            out.add(spec);
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (sub.getCommandSpec().name().equals(sub.getCommandName()) && !out.contains(sub.getCommandSpec())) {
                out.addAll(leaves(sub.getCommandSpec()));
            }
        }
        return out.stream().distinct().toList();
    }
}
