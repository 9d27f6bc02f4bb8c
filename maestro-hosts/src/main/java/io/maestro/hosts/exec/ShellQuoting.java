package io.maestro.hosts.exec;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a {@link Command} into one line for a remote POSIX shell such that the remote program
 * receives exactly the command's argv. SSH carries a single string which the remote user's
 * shell parses, so every word is single-quoted: inside single quotes a POSIX shell treats every
 * character literally except the single quote itself, which is written as {@code '\''}.
 *
 * <pre>{@code
 * ShellQuoting.commandLine(Command.of("echo", "it's $HOME")) // exec 'echo' 'it'\''s $HOME'
 * }</pre>
 */
public final class ShellQuoting {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ShellQuoting() {
    }

    /** The word quoted for a POSIX shell; a NUL character cannot be passed in argv and is refused. */
    public static String quote(String word) {
        if (word.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an argument cannot contain a NUL character (found in "
                    + word.replace("\0", "\\0") + ")");
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * The shell line that runs the command: {@code cd DIR &&} when a working directory is given,
     * {@code exec} so the shell is replaced by the program (its exit code is the program's), and
     * {@code env NAME=VALUE} for the command's environment.
     */
    public static String commandLine(Command command) {
        StringBuilder line = new StringBuilder();
        command.workingDirectory().ifPresent(dir -> line.append("cd ").append(quote(dir)).append(" && "));
        line.append("exec");
        if (!command.environment().isEmpty()) {
            line.append(" env");
            for (Map.Entry<String, String> variable : command.environment().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey()).toList()) {
                if (!ENV_NAME.matcher(variable.getKey()).matches()) {
                    throw new IllegalArgumentException("environment variable name '" + variable.getKey()
                            + "' is not a shell name (letters, digits and _, not starting with a digit)");
                }
                line.append(' ').append(quote(variable.getKey() + "=" + variable.getValue()));
            }
            // env treats a program name with '=' as a variable; "--" is not enough, so refuse it.
            if (command.argv().get(0).contains("=")) {
                throw new IllegalArgumentException("program name '" + command.argv().get(0)
                        + "' contains '=' and cannot be run with environment variables");
            }
        }
        for (String word : words(command.argv())) {
            line.append(' ').append(word);
        }
        return line.toString();
    }

    private static List<String> words(List<String> argv) {
        return argv.stream().map(ShellQuoting::quote).toList();
    }
}
