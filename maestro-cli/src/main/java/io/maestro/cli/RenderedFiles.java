package io.maestro.cli;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.maestro.model.MaestroException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes rendered objects into a directory Maestro owns: one file per object named
 * {@code NN-kind-name.yaml} (or {@code .json}), numbered in render order so that
 * {@code kubectl apply -f DIR} creates them in that order.
 *
 * <p>The directory is treated as Maestro's: files from an earlier render are removed first, so an
 * object that is no longer rendered does not linger. Anything else in it (except dot-files such
 * as {@code .gitkeep}) makes the command refuse, because deleting a user's file would be worse
 * than asking for another directory.
 */
final class RenderedFiles {

    /** The names this class writes, and therefore the only names it deletes. */
    static final Pattern RENDERED_NAME = Pattern.compile("\\d{2,}-[a-z0-9]+-[a-z0-9.-]+\\.(yaml|json)");

    private RenderedFiles() {}

    /** File names for the objects, in order. */
    static List<String> names(List<HasMetadata> objects, ObjectFormat format) {
        int width = Math.max(2, String.valueOf(objects.size()).length());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            HasMetadata object = objects.get(i);
            String kind = part(object.getKind(), "object").replace("-", "");
            String name = object.getMetadata() == null ? null : object.getMetadata().getName();
            names.add(String.format(Locale.ROOT, "%0" + width + "d-%s-%s.%s", i + 1, kind, part(name, "unnamed"),
                    format.word()));
        }
        return names;
    }

    /**
     * Empties {@code directory} of earlier renders (creating it if needed) and writes one file per
     * object. {@code shown} is the directory as the user typed it, for messages.
     *
     * @return the written file names, in order
     * @throws UsageException when the directory holds files Maestro did not write
     */
    static List<String> write(Path directory, String shown, List<HasMetadata> objects, ObjectFormat format,
            Function<HasMetadata, String> serializer) {
        List<String> names = names(objects, format);
        try {
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new UsageException(shown + ": not a directory");
            }
            Files.createDirectories(directory);
            List<Path> earlier = earlierRenders(directory, shown);
            for (Path file : earlier) {
                Files.delete(file);
            }
            for (int i = 0; i < objects.size(); i++) {
                Files.writeString(directory.resolve(names.get(i)), withNewline(serializer.apply(objects.get(i))),
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new MaestroException("cannot write to " + shown + ": " + e.getMessage(), e);
        }
        return names;
    }

    static String withNewline(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static List<Path> earlierRenders(Path directory, String shown) throws IOException {
        List<Path> rendered = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isRegularFile(entry) && RENDERED_NAME.matcher(name).matches()) {
                    rendered.add(entry);
                } else {
                    foreign.add(name);
                }
            }
        }
        if (!foreign.isEmpty()) {
            throw new UsageException(shown + ": holds files Maestro did not write (" + quoteSome(foreign)
                    + "); render into a new or empty directory");
        }
        return rendered;
    }

    private static String quoteSome(List<String> names) {
        List<String> shown = names.stream().limit(3).map(n -> "'" + n + "'").toList();
        return String.join(", ", shown) + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
    }

    private static String part(String text, String fallback) {
        if (text == null) {
            return fallback;
        }
        String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-").replaceAll("^[-.]+|[-.]+$", "");
        return cleaned.isEmpty() ? fallback : cleaned;
    }
}
