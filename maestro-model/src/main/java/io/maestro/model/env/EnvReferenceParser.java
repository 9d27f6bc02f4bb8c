package io.maestro.model.env;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits an env var value into literal text and references: one hand-written, single-pass scanner
 * for every form of the reference grammar (docs/env-vars.md).
 *
 * <pre>{@code
 * EnvValue value = EnvReferenceParser.parse("redis://_env(REDIS_ADDRESS:localhost):6379");
 * // [Literal("redis://"), AppVar("REDIS_ADDRESS", "localhost", "_env(REDIS_ADDRESS:localhost)"), Literal(":6379")]
 * }</pre>
 *
 * <h2>Where a reference starts</h2>
 * <ul>
 *   <li>{@code _env(}, {@code _configstore(} and {@code AUTO_GENERATE[_n]} are words: they count only
 *       at the start of a word, i.e. at the start of the value or after a character that is not
 *       {@code [A-Za-z0-9_]}. {@code my_env(x)} and {@code MY_AUTO_GENERATE} stay literal, and so does
 *       any longer word such as {@code AUTO_GENERATED} or {@code AUTO_GENERATE_abc}.</li>
 *   <li>{@code {{} starts a reference only when directly followed by a name character
 *       ({@code [A-Za-z_]}); {@code {{ .Values.x }}} and other template syntax stays literal.</li>
 *   <li>{@code $(NAME)} is a {@link EnvPart.PassThrough} for the container runtime; a {@code $(}
 *       not followed by {@code NAME)} (shell command substitution, say) is literal, and
 *       {@code $$} is kept as literal text (the Kubernetes escape for a literal {@code $}).</li>
 * </ul>
 *
 * <h2>Defaults</h2>
 * A default runs from the first {@code :} after the name to the first unescaped {@code )}; it may
 * contain further {@code :} characters. Inside a default, {@code \)} stands for {@code )} and
 * {@code \\} for {@code \}; any other backslash is kept as written. A default is literal text: it
 * cannot contain another {@code _env(} reference. {@code {{...}}} references take no default.
 *
 * <h2>Errors</h2>
 * A malformed reference throws {@link EnvSyntaxException} whose offset is the 0-based index of the
 * offending character, or of the reference's first character when the value ends before the
 * reference is closed.
 */
public final class EnvReferenceParser {

    /** Longest {@code AUTO_GENERATE_n} accepted; longer secrets are no safer and bloat Secrets. */
    public static final int MAX_GENERATED_LENGTH = 4096;

    private static final String ENV = "_env";
    private static final String CONFIG_STORE = "_configstore";
    private static final String AUTO_GENERATE = "AUTO_GENERATE";
    private static final String STACK = "STACK";
    private static final String SERVICE = "SERVICE";

    private final String raw;
    private final List<EnvPart> parts = new ArrayList<>();
    private final StringBuilder literal = new StringBuilder();

    private EnvReferenceParser(String raw) {
        this.raw = raw;
    }

    /**
     * Parses one value.
     *
     * @throws EnvSyntaxException when a reference is malformed (unterminated, empty name, bad brackets)
     */
    public static EnvValue parse(String raw) {
        Objects.requireNonNull(raw, "raw");
        return new EnvReferenceParser(raw).parseAll();
    }

    private EnvValue parseAll() {
        int i = 0;
        while (i < raw.length()) {
            i = step(i);
        }
        flushLiteral();
        return new EnvValue(raw, parts);
    }

    /** Consumes what starts at {@code i}; returns the index after it. */
    private int step(int i) {
        char c = raw.charAt(i);
        if (c == '$') {
            return dollar(i);
        }
        if (c == '{' && raw.startsWith("{{", i) && isNameStart(charAt(i + 2))) {
            return braces(i);
        }
        if (isWordChar(c) && (i == 0 || !isWordChar(raw.charAt(i - 1)))) {
            return word(i);
        }
        literal.append(c);
        return i + 1;
    }

    // ---- $(VAR) ------------------------------------------------------------------------------

    private int dollar(int start) {
        if (charAt(start + 1) == '$') {
            literal.append("$$");
            return start + 2;
        }
        if (charAt(start + 1) == '(') {
            int nameEnd = nameEnd(start + 2);
            if (nameEnd > start + 2 && charAt(nameEnd) == ')') {
                flushLiteral();
                parts.add(new EnvPart.PassThrough(raw.substring(start + 2, nameEnd)));
                return nameEnd + 1;
            }
        }
        literal.append('$');
        return start + 1;
    }

    // ---- words: _env( _configstore( AUTO_GENERATE ----------------------------------------------

    private int word(int start) {
        int end = start;
        while (end < raw.length() && isWordChar(raw.charAt(end))) {
            end++;
        }
        String word = raw.substring(start, end);
        if (word.equals(ENV) && charAt(end) == '(') {
            return env(start, end + 1);
        }
        if (word.equals(CONFIG_STORE) && charAt(end) == '(') {
            return configStore(start, end + 1);
        }
        if (word.equals(AUTO_GENERATE)) {
            addReference(new EnvPart.AutoGenerate(EnvPart.AutoGenerate.DEFAULT_LENGTH, word));
            return end;
        }
        if (word.startsWith(AUTO_GENERATE + "_") && allDigits(word, AUTO_GENERATE.length() + 1)) {
            addReference(new EnvPart.AutoGenerate(generatedLength(word, start), word));
            return end;
        }
        literal.append(word);
        return end;
    }

    private int generatedLength(String word, int start) {
        String digits = word.substring(AUTO_GENERATE.length() + 1);
        String significant = digits.replaceFirst("^0+", "");
        if (digits.isEmpty() || significant.isEmpty() || significant.length() > 4
                || Integer.parseInt(significant) > MAX_GENERATED_LENGTH) {
            throw new EnvSyntaxException("expected AUTO_GENERATE_<n> with n between 1 and " + MAX_GENERATED_LENGTH
                    + ", got " + quote(word), start);
        }
        return Integer.parseInt(significant);
    }

    private static boolean allDigits(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    // ---- _env(...) -----------------------------------------------------------------------------

    /** {@code _env(PATH[:default])}; {@code p} is just after the parenthesis. */
    private int env(int start, int p) {
        Path path = path(start, p, "_env(");
        p = path.end();
        String defaultValue = null;
        if (charAt(p) == ':') {
            int[] endHolder = new int[1];
            defaultValue = defaultValue(start, p + 1, endHolder);
            p = endHolder[0];
        } else if (p >= raw.length()) {
            throw unterminated(start, "_env(", "')'");
        } else if (charAt(p) != ')') {
            throw new EnvSyntaxException("expected ':' or ')' after the variable name in _env(...), got "
                    + describe(p), p);
        }
        int end = p + 1;
        addReference(path.toReference(defaultValue, raw.substring(start, end)));
        return end;
    }

    /** Reads a default up to the first unescaped ')'; stores the index of that ')' in {@code end[0]}. */
    private String defaultValue(int start, int p, int[] end) {
        StringBuilder value = new StringBuilder();
        while (p < raw.length()) {
            char c = raw.charAt(p);
            if (c == ')') {
                end[0] = p;
                return value.toString();
            }
            if (c == '\\' && (charAt(p + 1) == ')' || charAt(p + 1) == '\\')) {
                value.append(raw.charAt(p + 1));
                p += 2;
                continue;
            }
            if (raw.startsWith(ENV + "(", p) && (p == 0 || !isWordChar(raw.charAt(p - 1)))) {
                throw new EnvSyntaxException("a default cannot contain another reference; expected literal text, got "
                        + quote(raw.substring(p, Math.min(raw.length(), p + 20))), p);
            }
            value.append(c);
            p++;
        }
        throw unterminated(start, "_env(", "')' after the default");
    }

    // ---- {{...}} -------------------------------------------------------------------------------

    private int braces(int start) {
        Path path = path(start, start + 2, "{{");
        int p = path.end();
        if (raw.startsWith("}}", p)) {
            int end = p + 2;
            addReference(path.toReference(null, raw.substring(start, end)));
            return end;
        }
        if (p >= raw.length() || (charAt(p) == '}' && p + 1 >= raw.length())) {
            throw unterminated(start, "{{", "'}}'");
        }
        if (charAt(p) == ':') {
            throw new EnvSyntaxException("{{...}} references take no default; expected '}}', got ':'"
                    + " (write _env(NAME:default) for a default)", p);
        }
        throw new EnvSyntaxException("expected '}}' after the variable name in {{...}}, got " + describe(p), p);
    }

    // ---- the shared path: [STACK[uid].][SERVICE[svc].]NAME -------------------------------------

    /** What a reference points at; {@code end} is the index just after the name. */
    private record Path(String stack, String service, String name, int end) {
        EnvPart.Reference toReference(String defaultValue, String source) {
            if (stack != null) {
                return new EnvPart.StackVar(stack, service, name, defaultValue, source);
            }
            if (service != null) {
                return new EnvPart.ServiceVar(service, name, defaultValue, source);
            }
            return new EnvPart.AppVar(name, defaultValue, source);
        }
    }

    private Path path(int start, int p, String opener) {
        String stack = null;
        String service = null;
        String first = name(start, p, opener, "a variable name, STACK[...] or SERVICE[...]");
        p += first.length();
        if (first.equals(STACK) && charAt(p) == '[') {
            stack = bracket(start, p, opener, "an application uid or name", STACK);
            p += stack.length() + 2;
            p = dot(start, p, opener, "STACK[" + stack + "]");
            String second = name(start, p, opener, "a variable name or SERVICE[...]");
            p += second.length();
            if (second.equals(SERVICE) && charAt(p) == '[') {
                service = bracket(start, p, opener, "a service name", SERVICE);
                p += service.length() + 2;
                p = dot(start, p, opener, "SERVICE[" + service + "]");
                String name = name(start, p, opener, "a variable name");
                return finishName(new Path(stack, service, name, p + name.length()));
            }
            return finishName(new Path(stack, null, second, p));
        }
        if (first.equals(SERVICE) && charAt(p) == '[') {
            service = bracket(start, p, opener, "a service name", SERVICE);
            p += service.length() + 2;
            p = dot(start, p, opener, "SERVICE[" + service + "]");
            String name = name(start, p, opener, "a variable name");
            return finishName(new Path(null, service, name, p + name.length()));
        }
        return finishName(new Path(null, null, first, p));
    }

    /** A name directly followed by '[' is a misplaced or misspelt STACK/SERVICE selector. */
    private Path finishName(Path path) {
        int p = path.end();
        if (charAt(p) == '[') {
            String name = path.name();
            String hint = name.equalsIgnoreCase(STACK) || name.equalsIgnoreCase(SERVICE)
                    ? "; write " + name.toUpperCase(java.util.Locale.ROOT) + "[...] in upper case"
                            + (path.service() != null || path.stack() != null ? " and in the order STACK[...].SERVICE[...].NAME" : "")
                    : "; only STACK[...] and SERVICE[...] take brackets, in the order STACK[...].SERVICE[...].NAME";
            throw new EnvSyntaxException("unexpected '[' after " + quote(name) + hint, p);
        }
        return path;
    }

    private String name(int start, int p, String opener, String expected) {
        int end = nameEnd(p);
        if (end == p) {
            if (p >= raw.length()) {
                throw unterminated(start, opener, expected);
            }
            throw new EnvSyntaxException("expected " + expected + " in " + form(opener) + ", got " + describe(p), p);
        }
        return raw.substring(p, end);
    }

    /** {@code [content]} at {@code p}; returns the content (non-empty, [A-Za-z0-9_-]). */
    private String bracket(int start, int p, String opener, String expected, String selector) {
        int q = p + 1;
        while (q < raw.length() && isSelectorChar(raw.charAt(q))) {
            q++;
        }
        if (q >= raw.length()) {
            throw unterminated(start, opener, "']' to close " + selector + "[");
        }
        if (q == p + 1) {
            String found = raw.charAt(q) == ']' ? "nothing" : describe(q);
            throw new EnvSyntaxException("expected " + expected + " in " + selector + "[...], got " + found, q);
        }
        if (raw.charAt(q) != ']') {
            throw new EnvSyntaxException("expected ']' to close " + selector + "[" + raw.substring(p + 1, q)
                    + ", got " + describe(q), q);
        }
        return raw.substring(p + 1, q);
    }

    private int dot(int start, int p, String opener, String after) {
        if (p >= raw.length()) {
            throw unterminated(start, opener, "'.' after " + after);
        }
        if (raw.charAt(p) != '.') {
            throw new EnvSyntaxException("expected '.' after " + after + ", got " + describe(p), p);
        }
        return p + 1;
    }

    // ---- _configstore(NAMESPACE.KEY) -----------------------------------------------------------

    private int configStore(int start, int p) {
        int nsEnd = p;
        while (nsEnd < raw.length() && isSelectorChar(raw.charAt(nsEnd))) {
            nsEnd++;
        }
        if (nsEnd >= raw.length()) {
            throw unterminated(start, "_configstore(", "NAMESPACE.KEY)");
        }
        if (nsEnd == p || raw.charAt(nsEnd) != '.') {
            String expected = nsEnd == p ? "a namespace (a 36-character GUID)" : "'.' between namespace and key";
            throw new EnvSyntaxException("expected " + expected + " in _configstore(NAMESPACE.KEY), got "
                    + describe(nsEnd), nsEnd);
        }
        int keyStart = nsEnd + 1;
        int keyEnd = keyStart;
        while (keyEnd < raw.length() && isKeyChar(raw.charAt(keyEnd))) {
            keyEnd++;
        }
        if (keyEnd >= raw.length()) {
            throw unterminated(start, "_configstore(", "')'");
        }
        if (keyEnd == keyStart || raw.charAt(keyEnd) != ')') {
            String expected = keyEnd == keyStart ? "a key" : "')'";
            throw new EnvSyntaxException("expected " + expected + " in _configstore(NAMESPACE.KEY), got "
                    + describe(keyEnd), keyEnd);
        }
        int end = keyEnd + 1;
        addReference(new EnvPart.ConfigStoreRef(raw.substring(p, nsEnd), raw.substring(keyStart, keyEnd),
                raw.substring(start, end)));
        return end;
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void addReference(EnvPart.Reference reference) {
        flushLiteral();
        parts.add(reference);
    }

    private void flushLiteral() {
        if (!literal.isEmpty()) {
            parts.add(new EnvPart.Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    private EnvSyntaxException unterminated(int start, String opener, String expected) {
        return new EnvSyntaxException("unterminated " + form(opener) + ": expected " + expected + " before the end of the value", start);
    }

    private static String form(String opener) {
        return opener.equals("{{") ? "{{...}}" : opener + "...)";
    }

    /** The character at {@code p}, or NUL past the end (NUL never matches anything meaningful). */
    private char charAt(int p) {
        return p < raw.length() ? raw.charAt(p) : '\0';
    }

    private int nameEnd(int p) {
        if (p >= raw.length() || !isNameStart(raw.charAt(p))) {
            return p;
        }
        int end = p + 1;
        while (end < raw.length() && isWordChar(raw.charAt(end))) {
            end++;
        }
        return end;
    }

    private String describe(int p) {
        if (p >= raw.length()) {
            return "the end of the value";
        }
        char c = raw.charAt(p);
        return Character.isWhitespace(c) ? "whitespace" : quote(String.valueOf(c));
    }

    private static String quote(String text) {
        String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
        return "'" + shown + "'";
    }

    static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    static boolean isWordChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /** Characters of a service name, application uid or ConfigStore namespace. */
    private static boolean isSelectorChar(char c) {
        return isWordChar(c) || c == '-';
    }

    /** Characters of a ConfigStore key: names with dots and dashes ({@code db.password}, {@code api-key}). */
    private static boolean isKeyChar(char c) {
        return isSelectorChar(c) || c == '.';
    }

    /** Whether {@code name} is a valid variable name: {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isValidName(String name) {
        if (name.isEmpty() || !isNameStart(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            if (!isWordChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
