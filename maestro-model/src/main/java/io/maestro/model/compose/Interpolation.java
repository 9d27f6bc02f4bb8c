package io.maestro.model.compose;

import io.maestro.model.bind.Binder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose variable interpolation ({@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR:+replacement}}, {@code $$}) parsed into
 * text and variable pieces, and rewritten in the forms service.yml understands.
 *
 * <p>Compose takes these values from the shell of whoever runs {@code docker compose}; in Maestro
 * the application's env vars play that part, so in {@code env_vars} a variable becomes
 * {@code _env(VAR)} or {@code _env(VAR:default)}. Where service.yml expands nothing (image names,
 * ports, paths) only a default can stand in for the variable.
 */
final class Interpolation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern BRACED = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])(.*))?", Pattern.DOTALL);

    private Interpolation() {}

    /** What follows a variable's name inside braces. */
    enum Operator {
        /** {@code ${VAR}} or {@code $VAR}. */
        NONE,
        /** {@code ${VAR:-x}} or {@code ${VAR-x}}: a default. */
        DEFAULT,
        /** {@code ${VAR:?msg}} or {@code ${VAR?msg}}: the variable is required. */
        REQUIRED,
        /** {@code ${VAR:+x}} or {@code ${VAR+x}}: x when set, nothing otherwise. */
        REPLACEMENT
    }

    /** One piece of an interpolated value. */
    sealed interface Piece {}

    /** Text taken as is ({@code $$} already turned into {@code $}). */
    record Text(String text) implements Piece {}

    /**
     * A variable.
     *
     * @param name the variable's name
     * @param operator what the braces add
     * @param argument the default or replacement (itself interpolated), or null
     * @param source the text as written, for messages
     */
    record Variable(String name, Operator operator, Parsed argument, String source) implements Piece {}

    /** A value split into pieces. */
    record Parsed(List<Piece> pieces) {
        Parsed {
            pieces = List.copyOf(pieces);
        }

        boolean hasVariables() {
            return pieces.stream().anyMatch(Variable.class::isInstance);
        }

        List<Variable> variables() {
            return pieces.stream().filter(Variable.class::isInstance).map(Variable.class::cast).toList();
        }
    }

    /** The value is not valid compose interpolation; compose itself would reject the file. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }

    static Parsed parse(String text) throws SyntaxError {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = closingBrace(text, i + 2);
                if (end < 0) {
                    throw new SyntaxError("unclosed '${' in " + quoteFor(text) + "; write $$ for a literal $");
                }
                flush(literal, pieces);
                pieces.add(braced(text.substring(i, end + 1), text.substring(i + 2, end)));
                i = end + 1;
                continue;
            }
            Matcher name = NAME.matcher(text).region(i + 1, text.length());
            if (name.lookingAt()) {
                flush(literal, pieces);
                pieces.add(new Variable(name.group(), Operator.NONE, null, "$" + name.group()));
                i = name.end();
                continue;
            }
            throw new SyntaxError("a '$' that starts no variable in " + quoteFor(text)
                    + "; write $$ for a literal $");
        }
        flush(literal, pieces);
        return new Parsed(pieces);
    }

    /**
     * The value for {@code env_vars}: every variable becomes {@code _env(NAME)} or
     * {@code _env(NAME:default)}. Empty (with the reason) when a variable cannot be written so.
     */
    static Result toEnvReferences(Parsed parsed) {
        return render(parsed, true, variable -> switch (variable.operator()) {
            case NONE, REQUIRED -> Result.ok("_env(" + variable.name() + ")");
            case DEFAULT -> {
                Parsed argument = variable.argument();
                if (argument.hasVariables()) {
                    yield Result.failed(variable.source() + " has a variable in its default, which _env() cannot hold");
                }
                String fallback = plainText(argument);
                if (fallback.contains("_env(")) {
                    yield Result.failed(variable.source() + " has '_env(' in its default, which _env() cannot hold");
                }
                // In an _env() default, \) stands for ) and \\ for \.
                yield Result.ok("_env(" + variable.name() + ":" + fallback.replace("\\", "\\\\").replace(")", "\\)")
                        + ")");
            }
            case REPLACEMENT -> Result.failed(variable.source() + " (a value only when set) has no service.yml form");
        });
    }

    /**
     * The value where service.yml expands nothing: each variable is replaced by its default. Empty
     * (with the reason) when a variable has none.
     */
    static Result withDefaults(Parsed parsed) {
        return render(parsed, false, variable -> switch (variable.operator()) {
            case DEFAULT -> withDefaults(variable.argument());
            case NONE, REQUIRED -> Result.failed("uses " + variable.source()
                    + ", which has no default; service.yml does not expand variables here");
            case REPLACEMENT -> Result.failed(variable.source() + " (a value only when set) has no service.yml form");
        });
    }

    /**
     * The value for a command: each variable becomes {@code $(NAME)}, which Kubernetes expands from
     * the container's environment; the caller makes sure the environment has the variable.
     */
    static Result toContainerReferences(Parsed parsed) {
        return render(parsed, true, variable -> variable.operator() == Operator.REPLACEMENT
                ? Result.failed(variable.source() + " (a value only when set) has no service.yml form")
                : Result.ok("$(" + variable.name() + ")"));
    }

    /** A rewritten value or the reason it could not be rewritten. */
    record Result(String value, String failure) {
        static Result ok(String value) {
            return new Result(Objects.requireNonNull(value), null);
        }

        static Result failed(String reason) {
            return new Result(null, Objects.requireNonNull(reason));
        }

        boolean failedToConvert() {
            return failure != null;
        }

        Optional<String> optionalValue() {
            return Optional.ofNullable(value);
        }
    }

    /**
     * The pieces written out. With {@code kubernetesEscapes} (values Kubernetes expands: env values
     * and commands) a literal {@code $} followed by {@code $} or {@code (} is doubled, so that
     * Kubernetes gives the container the text compose would have.
     */
    private static Result render(Parsed parsed, boolean kubernetesEscapes, Function<Variable, Result> variableForm) {
        List<String> segments = new ArrayList<>();
        List<Boolean> literal = new ArrayList<>();
        for (Piece piece : parsed.pieces()) {
            switch (piece) {
                case Text text -> {
                    segments.add(text.text());
                    literal.add(true);
                }
                case Variable variable -> {
                    Result form = variableForm.apply(variable);
                    if (form.failedToConvert()) {
                        return form;
                    }
                    segments.add(form.value());
                    literal.add(false);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int s = 0; s < segments.size(); s++) {
            String segment = segments.get(s);
            if (!kubernetesEscapes || !literal.get(s)) {
                out.append(segment);
                continue;
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                out.append(c);
                if (c == '$') {
                    char next = i + 1 < segment.length() ? segment.charAt(i + 1) : firstChar(segments, s + 1);
                    if (next == '$' || next == '(') {
                        out.append('$');
                    }
                }
            }
        }
        return Result.ok(out.toString());
    }

    private static char firstChar(List<String> segments, int from) {
        for (int s = from; s < segments.size(); s++) {
            if (!segments.get(s).isEmpty()) {
                return segments.get(s).charAt(0);
            }
        }
        return 0;
    }

    /** Names that a value needs as application variables: those used without a default. */
    static List<String> requiredNames(Parsed parsed) {
        return parsed.variables().stream()
                .filter(v -> v.operator() == Operator.NONE || v.operator() == Operator.REQUIRED)
                .map(Variable::name)
                .toList();
    }

    private static String plainText(Parsed parsed) {
        StringBuilder out = new StringBuilder();
        for (Piece piece : parsed.pieces()) {
            if (piece instanceof Text text) {
                out.append(text.text());
            }
        }
        return out.toString();
    }

    private static Variable braced(String source, String inside) throws SyntaxError {
        Matcher matcher = BRACED.matcher(inside);
        if (!matcher.matches()) {
            throw new SyntaxError("invalid variable " + quoteFor(source)
                    + "; expected ${NAME}, ${NAME:-default} or ${NAME:?message}");
        }
        String operatorText = matcher.group(2);
        if (operatorText == null) {
            return new Variable(matcher.group(1), Operator.NONE, null, source);
        }
        Operator operator = switch (operatorText.charAt(operatorText.length() - 1)) {
            case '-' -> Operator.DEFAULT;
            case '?' -> Operator.REQUIRED;
            default -> Operator.REPLACEMENT;
        };
        Parsed argument = operator == Operator.REQUIRED ? new Parsed(List.of()) : parse(matcher.group(3));
        return new Variable(matcher.group(1), operator, argument, source);
    }

    /** Index of the '}' closing a '${' whose content starts at {@code from}; nested '${' count. */
    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static void flush(StringBuilder literal, List<Piece> pieces) {
        if (!literal.isEmpty()) {
            pieces.add(new Text(literal.toString()));
            literal.setLength(0);
        }
    }

    private static String quoteFor(String text) {
        return Binder.quote(text);
    }
}
