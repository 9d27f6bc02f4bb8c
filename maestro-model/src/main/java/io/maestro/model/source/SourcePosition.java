package io.maestro.model.source;

import java.util.Objects;

/**
 * Where a value came from: a file name as the user gave it, and a 1-based line and column.
 *
 * @param file the file name as the user named it (never resolved to an absolute path, so that
 *     messages match what the user typed)
 * @param line 1-based line
 * @param column 1-based column
 */
public record SourcePosition(String file, int line, int column) implements Comparable<SourcePosition> {

    public SourcePosition {
        Objects.requireNonNull(file, "file");
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column are 1-based: " + line + ":" + column);
        }
    }

    /** The first character of a file: used for whole-file problems (size, encoding, emptiness). */
    public static SourcePosition startOf(String file) {
        return new SourcePosition(file, 1, 1);
    }

    @Override
    public int compareTo(SourcePosition other) {
        int byFile = file.compareTo(other.file);
        if (byFile != 0) {
            return byFile;
        }
        int byLine = Integer.compare(line, other.line);
        return byLine != 0 ? byLine : Integer.compare(column, other.column);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
