package io.maestro.hosts.exec;

import io.maestro.model.MaestroException;

/** A command on a host exited non-zero; the message names the host, the command and the end of its output. */
public class HostCommandException extends MaestroException {

    private static final int TAIL_LINES = 20;

    private final transient ExecResult result;

    public HostCommandException(ExecResult result) {
        super("on " + result.host() + ": '" + result.command().display() + "' exited " + result.exitCode()
                + tail(result));
        this.result = result;
    }

    public ExecResult result() {
        return result;
    }

    private static String tail(ExecResult result) {
        String output = (result.stderr().isBlank() ? result.stdout() : result.stderr()).strip();
        if (output.isEmpty()) {
            return "";
        }
        String[] lines = output.split("\n");
        int from = Math.max(0, lines.length - TAIL_LINES);
        return ":\n  " + String.join("\n  ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
