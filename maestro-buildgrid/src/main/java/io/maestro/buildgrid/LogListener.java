package io.maestro.buildgrid;

/** Receives a build's output one line at a time, as the tools print it (live logs). */
@FunctionalInterface
public interface LogListener {

    /** A listener that drops every line. */
    LogListener NONE = line -> { };

    void line(String line);
}
