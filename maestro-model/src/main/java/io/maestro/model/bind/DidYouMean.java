package io.maestro.model.bind;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Suggests the closest known name for a misspelt one (Damerau-Levenshtein, small distances only). */
public final class DidYouMean {

    private DidYouMean() {}

    public static Optional<String> closest(String typed, Collection<String> known) {
        int budget = Math.max(1, Math.min(3, typed.length() / 3));
        return known.stream()
                .filter(candidate -> distance(typed.toLowerCase(), candidate.toLowerCase()) <= budget
                        || normalised(typed).equals(normalised(candidate)))
                .min(Comparator.comparingInt((String candidate) -> distance(typed, candidate))
                        // "postgres" is closer to "postgresql" than to "postgis" for a reader
                        .thenComparing(candidate -> -commonPrefix(typed.toLowerCase(), candidate.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** "did you mean 'image'?" or empty. */
    public static Optional<String> hint(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> "did you mean '" + name + "'?");
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    private static String normalised(String name) {
        return name.toLowerCase().replace("-", "").replace("_", "");
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
