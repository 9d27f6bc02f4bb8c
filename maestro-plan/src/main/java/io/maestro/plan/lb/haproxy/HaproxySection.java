package io.maestro.plan.lb.haproxy;

import io.maestro.plan.lb.LoadBalancerConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One section of an HAProxy configuration ({@code global}, {@code defaults}, {@code frontend NAME},
 * {@code backend NAME}) with its lines, each a list of words.
 *
 * @param kind section keyword
 * @param name section name, if the kind takes one
 * @param lines the section's lines
 */
public record HaproxySection(String kind, Optional<String> name, List<List<HaproxyWord>> lines) {

    public HaproxySection {
        if (!List.of("global", "defaults", "frontend", "backend", "listen").contains(kind)) {
            throw new LoadBalancerConfigException("not an HAProxy section: " + kind);
        }
        name.ifPresent(HaproxyWord::raw);
        lines = lines.stream().map(List::copyOf).toList();
    }

    /** Builds a section line by line. */
    public static final class Builder {
        private final String kind;
        private final Optional<String> name;
        private final List<List<HaproxyWord>> lines = new ArrayList<>();

        public Builder(String kind, String name) {
            this.kind = kind;
            this.name = Optional.ofNullable(name);
        }

        /** A line of Maestro's own words. */
        public Builder line(String... words) {
            List<HaproxyWord> line = new ArrayList<>();
            for (String w : words) {
                line.add(HaproxyWord.raw(w));
            }
            lines.add(line);
            return this;
        }

        public Builder line(List<HaproxyWord> words) {
            lines.add(words);
            return this;
        }

        public HaproxySection build() {
            return new HaproxySection(kind, name, lines);
        }
    }

    String written() {
        StringBuilder out = new StringBuilder(kind);
        name.ifPresent(n -> out.append(' ').append(n));
        out.append('\n');
        for (List<HaproxyWord> line : lines) {
            out.append("    ");
            for (int i = 0; i < line.size(); i++) {
                out.append(i == 0 ? "" : " ").append(line.get(i).text());
            }
            out.append('\n');
        }
        return out.append('\n').toString();
    }
}
