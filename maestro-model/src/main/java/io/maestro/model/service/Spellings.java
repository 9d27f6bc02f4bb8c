package io.maestro.model.service;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Ordered spelling tables for {@code Binder.oneOf}: the order is the order messages list them in. */
final class Spellings {

    private Spellings() {}

    /** {@code of("http", HTTP, "https", HTTPS)}: pairs of spelling and value. */
    static <V> Map<String, V> of(Object... pairs) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            V value = (V) pairs[i + 1];
            map.put((String) pairs[i], value);
        }
        return Collections.unmodifiableMap(map);
    }
}
