package io.maestro.hosts.exec;

/**
 * Watches a command while it runs (see {@link HostExecutor#run(Command, CommandWatcher)}): gets
 * each line of its output as the program prints it, and a way to kill the program. Builds need
 * both: users follow build logs live, and a cancelled build must stop on the server it runs on.
 *
 * <p>Calls may come from the executor's I/O threads; {@link #line} is never called concurrently.
 */
public interface CommandWatcher {

    /** A line of standard output or standard error, without its line break. */
    void line(String line);

    /**
     * Called once the program runs, with an action that kills it and its process group (a no-op
     * once it ended). The executor may call it from any thread; the action may be run from any thread.
     */
    default void started(Runnable kill) {
    }
}
