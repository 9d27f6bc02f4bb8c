package io.maestro.model.yaml;

import io.maestro.model.source.Diagnostics;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.source.SourcePosition;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Parse;
import org.snakeyaml.engine.v2.common.Anchor;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.MappingStartEvent;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.events.SequenceStartEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads one YAML file into a {@link YamlNode} tree with positions, reporting every problem to a
 * {@link Diagnostics} instead of throwing.
 *
 * <p>It builds the tree from snakeyaml-engine's event stream with an explicit stack rather than
 * through snakeyaml's recursive composer. That is what makes hostile input safe: nesting depth is
 * checked as events arrive and again where an alias re-inserts a subtree (no stack overflow, here or
 * in whoever walks the tree), an alias adds the size of the node it names to a running total (no
 * "billion laughs" expansion), and duplicate keys are reported with both positions. YAML merge keys ({@code <<: *defaults}, common in docker-compose files) are applied.
 *
 * <pre>{@code
 * Diagnostics diagnostics = new Diagnostics();
 * Optional<YamlNode> root = YamlReader.withDefaults().read("service.yml", text, diagnostics);
 * }</pre>
 */
public final class YamlReader {

    private static final String MERGE_KEY = "<<";
    private static final String TAB_MESSAGE = "tab character in indentation; YAML indents with spaces only";
    private static final String TAB_HINT = "replace the tab with spaces";

    private final YamlLimits limits;

    private YamlReader(YamlLimits limits) {
        this.limits = limits;
    }

    public static YamlReader withDefaults() {
        return new YamlReader(YamlLimits.DEFAULT);
    }

    public static YamlReader withLimits(YamlLimits limits) {
        return new YamlReader(limits);
    }

    public YamlLimits limits() {
        return limits;
    }

    /**
     * Reads a file from disk. {@code displayName} is what messages call it (usually the path as the
     * user typed it). Unreadable files, oversize files and invalid UTF-8 become diagnostics.
     */
    public Optional<YamlNode> readFile(Path path, String displayName, Diagnostics diagnostics) {
        SourcePosition start = SourcePosition.startOf(displayName);
        try {
            long size = Files.size(path);
            if (size > limits.maxBytes()) {
                diagnostics.error(start, "", tooLarge(size));
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(path);
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return read(displayName, text, diagnostics);
        } catch (CharacterCodingException e) {
            diagnostics.error(start, "", "the file is not valid UTF-8 text");
        } catch (IOException e) {
            diagnostics.error(start, "", "cannot read the file: " + describe(e));
        }
        return Optional.empty();
    }

    /**
     * Reads YAML text. Returns empty when the text is unusable (errors were reported) or holds no
     * document at all (nothing reported: the caller decides whether an empty file is fine).
     */
    public Optional<YamlNode> read(String file, String text, Diagnostics diagnostics) {
        if (text.length() > limits.maxBytes()
                || text.getBytes(StandardCharsets.UTF_8).length > limits.maxBytes()) {
            diagnostics.error(SourcePosition.startOf(file), "", tooLarge(text.getBytes(StandardCharsets.UTF_8).length));
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file)
                .setUseMarks(true)
                .setAllowDuplicateKeys(true) // we report duplicates ourselves, with both positions
                .setCodePointLimit(limits.maxBytes() + 1)
                .build();
        TreeBuilder builder = new TreeBuilder(file, diagnostics);
        try {
            for (Event event : new Parse(settings).parseReader(new SurrogateSafeReader(text))) {
                builder.accept(event);
            }
        } catch (MarkedYamlEngineException e) {
            SourcePosition at = e.getProblemMark().or(e::getContextMark).map(m -> position(file, m))
                    .orElse(SourcePosition.startOf(file));
            // Tabs are only looked for once the parser has failed on one: YAML allows tabs inside
            // block scalars, blank lines and quoted continuation lines, and a valid file must not
            // be rejected for them.
            if (e.getProblemMark().filter(YamlReader::pointsAtTab).isPresent()) {
                if (!reportIndentationTabs(file, text, diagnostics)) {
                    diagnostics.error(at, "", TAB_MESSAGE, TAB_HINT);
                }
                return Optional.empty();
            }
            String problem = e.getProblem() == null ? "invalid YAML" : e.getProblem();
            String context = e.getContext() == null ? "" : " " + e.getContext();
            diagnostics.error(at, "", "YAML syntax error: " + problem + context);
            return Optional.empty();
        } catch (YamlEngineException e) {
            diagnostics.error(SourcePosition.startOf(file), "", "YAML syntax error: " + describe(e));
            return Optional.empty();
        } catch (Aborted e) {
            return Optional.empty();
        }
        return Optional.ofNullable(builder.root);
    }

    private String tooLarge(long size) {
        return "the file is " + size + " bytes; the limit is " + limits.maxBytes()
                + " bytes (see docs/validation.md#limits)";
    }

    private static boolean pointsAtTab(Mark mark) {
        int[] buffer = mark.getBuffer();
        int pointer = mark.getPointer();
        return buffer != null && pointer >= 0 && pointer < buffer.length && buffer[pointer] == '\t';
    }

    /**
     * Tabs in indentation are the commonest YAML mistake; say so plainly instead of a scanner error,
     * and name every such line at once.
     */
    private static boolean reportIndentationTabs(String file, String text, Diagnostics diagnostics) {
        boolean found = false;
        int line = 1;
        int column = 1;
        boolean inIndentation = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                column = 1;
                inIndentation = true;
                continue;
            }
            if (inIndentation) {
                if (c == '\t') {
                    diagnostics.error(new SourcePosition(file, line, column), "", TAB_MESSAGE, TAB_HINT);
                    found = true;
                    inIndentation = false;
                } else if (c != ' ') {
                    inIndentation = false;
                }
            }
            column++;
        }
        return found;
    }

    static SourcePosition position(String file, Mark mark) {
        return new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }

    /**
     * Hands the text to snakeyaml-engine in chunks that never end between the two halves of a
     * surrogate pair. Its StreamReader (2.10) reads one char past its buffer when a chunk ends with a
     * high surrogate, so a valid file with an emoji at character 1024 threw
     * IndexOutOfBoundsException instead of being read.
     */
    private static final class SurrogateSafeReader extends Reader {
        private final String text;
        private int next;

        SurrogateSafeReader(String text) {
            this.text = text;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (next >= text.length()) {
                return -1;
            }
            int end = Math.min(text.length(), next + length);
            if (end - next > 1 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
                end--;
            }
            text.getChars(next, end, buffer, offset);
            int count = end - next;
            next = end;
            return count;
        }

        @Override
        public void close() {
            // Nothing to release: the text is a String.
        }
    }

    /**
     * What a node costs once aliases are expanded: its node count and how many maps and lists deep
     * it goes (0 for a scalar).
     */
    private record Extent(int size, int height) {
        static final Extent SCALAR = new Extent(1, 0);
    }

    /** Thrown inside the builder once a limit is hit: the error is already reported. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }

    /** Assembles nodes from events with an explicit stack. */
    private final class TreeBuilder {
        private final String file;
        private final Diagnostics diagnostics;
        private final Deque<Frame> stack = new ArrayDeque<>();
        private final Map<String, YamlNode> anchors = new HashMap<>();
        private final Map<YamlNode, Extent> extents = new IdentityHashMap<>();
        private YamlNode root;
        private int documents;
        private long expandedNodes;
        private int aliases;

        TreeBuilder(String file, Diagnostics diagnostics) {
            this.file = file;
            this.diagnostics = diagnostics;
        }

        void accept(Event event) {
            switch (event.getEventId()) {
                case DocumentStart -> {
                    documents++;
                    if (documents > 1) {
                        diagnostics.error(at(event), "", "only one YAML document is allowed in this file",
                                "remove the second '---' document or move it to its own file");
                        throw new Aborted();
                    }
                }
                case Scalar -> {
                    ScalarEvent scalar = (ScalarEvent) event;
                    complete(new ScalarNode(scalar.getValue(), scalar.isPlain(), at(event)), Extent.SCALAR, 1, scalar);
                }
                case Alias -> alias((AliasEvent) event);
                case MappingStart -> push(new Frame(true, at(event), ((MappingStartEvent) event).getAnchor(), childPath()));
                case SequenceStart -> push(new Frame(false, at(event), ((SequenceStartEvent) event).getAnchor(), childPath()));
                case MappingEnd, SequenceEnd -> {
                    Frame frame = stack.pop();
                    YamlNode node = frame.build();
                    // Its children were counted as they arrived: only the collection itself is new.
                    complete(node, new Extent(frame.size, frame.childHeight + 1), 1, null);
                    frame.anchor.ifPresent(a -> anchors.put(a.getValue(), node));
                }
                default -> { }
            }
        }

        private void push(Frame frame) {
            if (stack.size() >= limits.maxDepth()) {
                diagnostics.error(frame.position, frame.path,
                        "nesting is deeper than " + limits.maxDepth() + " levels (see docs/validation.md#limits)");
                throw new Aborted();
            }
            stack.push(frame);
        }

        private String childPath() {
            Frame parent = stack.peek();
            return parent == null ? "" : parent.pathOfNextChild();
        }

        private void alias(AliasEvent event) {
            aliases++;
            if (aliases > limits.maxAliases()) {
                diagnostics.error(at(event), childPath(), "more than " + limits.maxAliases()
                        + " aliases in one file (see docs/validation.md#limits)");
                throw new Aborted();
            }
            String name = event.getAlias().getValue();
            YamlNode target = anchors.get(name);
            if (target == null) {
                diagnostics.error(at(event), childPath(), "alias *" + name + " refers to no anchor &" + name
                        + " defined before it");
                throw new Aborted();
            }
            Extent extent = extents.getOrDefault(target, Extent.SCALAR);
            // The parser only sees the alias, so the depth check in push() never saw what it
            // names: a chain of anchors each wrapping the previous one nests without limit.
            if (stack.size() + extent.height() > limits.maxDepth()) {
                diagnostics.error(at(event), childPath(), "nesting is deeper than " + limits.maxDepth()
                        + " levels once alias *" + name + " is expanded (see docs/validation.md#limits)");
                throw new Aborted();
            }
            // An alias re-inserts the whole anchored subtree: that is what expansion would cost.
            complete(target, extent, extent.size(), null);
        }

        /**
         * Attaches a finished node to its parent. {@code extent} is the node's expanded size (what it
         * adds to an enclosing collection) and height; {@code added} is how many nodes are new to the
         * running total, so that a node is counted once and not again for every enclosing level.
         */
        private void complete(YamlNode node, Extent extent, int added, NodeEvent anchored) {
            expandedNodes += added;
            if (expandedNodes > limits.maxNodes()) {
                diagnostics.error(node.position(), childPath(), "the document expands to more than "
                        + limits.maxNodes() + " nodes (aliases that multiply, \"billion laughs\"?)"
                        + " (see docs/validation.md#limits)");
                throw new Aborted();
            }
            extents.put(node, extent);
            if (anchored != null) {
                anchored.getAnchor().map(Anchor::getValue).ifPresent(a -> anchors.put(a, node));
            }
            Frame parent = stack.peek();
            if (parent == null) {
                root = node;
            } else {
                parent.add(node, extent);
            }
        }

        private SourcePosition at(Event event) {
            return event.getStartMark().map(m -> position(file, m)).orElse(SourcePosition.startOf(file));
        }

        /** A map or list under construction. */
        private final class Frame {
            final boolean mapping;
            final SourcePosition position;
            final Optional<Anchor> anchor;
            final String path;
            final List<YamlNode> items = new ArrayList<>();
            final LinkedHashMap<String, MappingNode.Entry> entries = new LinkedHashMap<>();
            final List<MappingNode> merged = new ArrayList<>();
            ScalarNode pendingKey;
            boolean keyExpected = true;
            boolean skipValue;
            int size = 1;
            int childHeight;

            Frame(boolean mapping, SourcePosition position, Optional<Anchor> anchor, String path) {
                this.mapping = mapping;
                this.position = position;
                this.anchor = anchor;
                this.path = path;
            }

            String pathOfNextChild() {
                if (!mapping) {
                    return KeyPaths.index(path, items.size());
                }
                return pendingKey != null && !keyExpected ? KeyPaths.child(path, pendingKey.text()) : path;
            }

            void add(YamlNode node, Extent extent) {
                size += extent.size();
                childHeight = Math.max(childHeight, extent.height());
                if (!mapping) {
                    items.add(node);
                    return;
                }
                if (keyExpected) {
                    keyExpected = false;
                    skipValue = false;
                    if (node instanceof ScalarNode key) {
                        pendingKey = key;
                        MappingNode.Entry first = entries.get(key.text());
                        if (first != null) {
                            diagnostics.error(key.position(), KeyPaths.child(path, key.text()),
                                    "duplicate key '" + key.text() + "'; it is first defined at line "
                                            + first.key().position().line(),
                                    "keep one of the two");
                            skipValue = true;
                        }
                    } else {
                        diagnostics.error(node.position(), path, "a map key must be a plain value, not " + node.kindName());
                        pendingKey = null;
                        skipValue = true;
                    }
                    return;
                }
                keyExpected = true;
                if (skipValue) {
                    return;
                }
                if (pendingKey.plain() && MERGE_KEY.equals(pendingKey.text())) {
                    merge(node);
                    return;
                }
                entries.put(pendingKey.text(), new MappingNode.Entry(pendingKey, node));
            }

            private void merge(YamlNode source) {
                if (source instanceof MappingNode map) {
                    merged.add(map);
                } else if (source instanceof SequenceNode list
                        && list.items().stream().allMatch(MappingNode.class::isInstance)) {
                    list.items().forEach(item -> merged.add((MappingNode) item));
                } else {
                    diagnostics.error(source.position(), KeyPaths.child(path, MERGE_KEY),
                            "a merge key '<<' expects a map or a list of maps, got " + source.kindName());
                }
            }

            YamlNode build() {
                if (!mapping) {
                    return new SequenceNode(items, position);
                }
                // Explicit keys win over merged ones; earlier merge sources win over later ones.
                for (MappingNode source : merged) {
                    for (MappingNode.Entry entry : source.entries()) {
                        entries.putIfAbsent(entry.name(), entry);
                    }
                }
                return new MappingNode(List.copyOf(entries.values()), position);
            }
        }
    }
}
