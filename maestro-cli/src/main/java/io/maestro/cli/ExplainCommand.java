package io.maestro.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.model.keys.KeyDocs;
import io.maestro.model.keys.KeySpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code maestro explain KEY}: prints the documentation of a service.yml or manifest.yml key from
 * the same table the parser checks keys against. Exit 0 found, 1 unknown or ambiguous.
 */
@Command(name = "explain",
        mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
            "Print the documentation of a service.yml or manifest.yml key.",
            "KEY is a path (services.web.ports, services.*.ports, production.docker),",
            "the end of one (constraints.max_surge) or a key name (ports).",
            "Exit status: 0 found, 1 unknown or ambiguous (the matching paths are listed)."
        })
public final class ExplainCommand implements Callable<Integer> {

    /** Documentation is wrapped to this many columns, a width every terminal shows unbroken. */
    static final int WIDTH = 100;

    @ParentCommand
    private MaestroCli root;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KEY", description = "A key path or name.")
    private String key;

    @Option(names = "--format", paramLabel = "service|manifest", converter = DefinitionFile.Converter.class,
            description = "Look only in service.yml or only in manifest.yml keys (default: both).")
    private DefinitionFile only;

    @Mixin
    private OutputOption output;

    @Override
    public Integer call() {
        List<KeyTables.Table> tables = root.context().keyTables().all().stream()
                .filter(table -> only == null || table.file() == only)
                .toList();
        KeyExplainer.Result result = new KeyExplainer(tables).explain(key);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        switch (result) {
            case KeyExplainer.Found found -> {
                if (output.json()) {
                    out.print(Json.write(json(found)));
                } else {
                    printText(out, found);
                }
                return 0;
            }
            case KeyExplainer.Ambiguous ambiguous -> {
                if (output.json()) {
                    ObjectNode node = Json.object();
                    node.put("error", "ambiguous");
                    node.put("message", "'" + key + "' names " + ambiguous.keys().size() + " keys; ask for one by its path");
                    node.put("key", key);
                    ArrayNode matches = node.putArray("matches");
                    ambiguous.matches().forEach(m -> matches.addObject()
                            .put("file", m.file().fileName())
                            .put("path", m.key().path()));
                    out.print(Json.write(node));
                } else {
                    List<List<KeyExplainer.Match>> keys = ambiguous.keys();
                    err.println("maestro: error: '" + key + "' names " + keys.size()
                            + " keys; ask for one by its path:");
                    int width = ambiguous.matches().stream().mapToInt(m -> m.file().fileName().length()).max().orElse(0);
                    for (List<KeyExplainer.Match> places : keys) {
                        KeyExplainer.Match first = places.get(0);
                        err.println("  " + pad(first.file().fileName(), width) + "  " + first.key().path()
                                + (places.size() == 1 ? "" : " (the same key in " + places.size() + " places)"));
                    }
                }
                return 1;
            }
            case KeyExplainer.Unknown unknown -> {
                if (output.json()) {
                    ObjectNode node = Json.object();
                    node.put("error", "unknown");
                    node.put("message", "unknown key '" + key + "'"
                            + unknown.suggestion().map(s -> " (did you mean '" + s + "'?)").orElse(""));
                    node.put("key", key);
                    node.put("suggestion", unknown.suggestion().orElse(null));
                    out.print(Json.write(node));
                } else {
                    err.println("maestro: error: unknown key '" + key + "'"
                            + unknown.suggestion().map(s -> " (did you mean '" + s + "'?)").orElse(""));
                }
                return 1;
            }
        }
    }

    private static void printText(PrintWriter out, KeyExplainer.Found found) {
        KeyExplainer.Match match = found.match();
        KeySpec spec = match.key().spec();
        if (found.places().size() == 1) {
            out.println(match.key().path() + " (" + match.file().fileName() + ")");
        } else {
            out.println(spec.name() + " (" + match.file().fileName() + "), the same key in "
                    + found.places().size() + " places:");
            found.places().forEach(place -> out.println("  " + place.key().path()));
        }
        out.println();
        out.println("  type:     " + spec.type());
        out.println("  default:  " + (spec.defaultValue() == null ? "none" : spec.defaultValue()));
        out.println("  since:    " + spec.since().label());
        out.println("  status:   " + KeyDocs.statusText(spec.status()));
        if (!spec.summary().isBlank()) {
            out.println();
            spec.summary().strip().lines().forEach(line -> {
                if (line.isBlank()) {
                    out.println();
                } else {
                    wrap(line, WIDTH - 2).forEach(part -> out.println("  " + part));
                }
            });
        }
        if (!spec.children().isEmpty()) {
            out.println();
            out.println("  keys below:");
            int width = spec.children().stream().mapToInt(c -> c.name().length()).max().orElse(0);
            spec.children().forEach(child -> out.println("    " + pad(child.name(), width) + "  " + child.type()));
        }
    }

    private static ObjectNode json(KeyExplainer.Found found) {
        KeyExplainer.Match match = found.match();
        KeySpec spec = match.key().spec();
        ObjectNode node = Json.object();
        node.put("file", match.file().fileName());
        node.put("path", match.key().path());
        node.set("paths", Json.strings(found.places().stream().map(place -> place.key().path()).toList()));
        node.put("name", spec.name());
        node.put("type", spec.type());
        node.put("default", spec.defaultValue());
        node.put("since", spec.since().name().toLowerCase(Locale.ROOT));
        node.put("status", spec.status().name().toLowerCase(Locale.ROOT));
        node.put("doc", spec.summary());
        ArrayNode children = node.putArray("children");
        spec.children().forEach(child -> children.addObject().put("name", child.name()).put("type", child.type()));
        return node;
    }

    /** Lines of at most {@code width} characters, broken between words (a longer word stays whole). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(Math.max(0, width - text.length()));
    }
}
