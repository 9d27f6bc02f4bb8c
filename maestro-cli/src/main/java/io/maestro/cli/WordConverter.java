package io.maestro.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns a lower-case option word ({@code json}, {@code yaml}) into an enum constant, with an error
 * that lists the words a user may type rather than Java constant names.
 */
abstract class WordConverter<E extends Enum<E>> implements ITypeConverter<E> {

    private final List<E> values;
    private final Function<E, String> word;

    WordConverter(Class<E> type, Function<E, String> word) {
        this.values = Arrays.asList(type.getEnumConstants());
        this.word = word;
    }

    @Override
    public E convert(String text) {
        String typed = text.toLowerCase(Locale.ROOT);
        return values.stream()
                .filter(value -> word.apply(value).equals(typed))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException(
                        "expected " + words() + ", got '" + text + "'"));
    }

    private String words() {
        List<String> all = values.stream().map(word).toList();
        return all.size() == 2
                ? all.get(0) + " or " + all.get(1)
                : "one of " + String.join(", ", all);
    }
}
