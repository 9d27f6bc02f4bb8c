package io.maestro.plan.kube;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesListBuilder;
import java.util.List;

/**
 * Deterministic text for rendered objects: equal objects always give byte-identical output.
 *
 * <p>Properties come in fabric8's declared order ({@code apiVersion}, {@code kind},
 * {@code metadata}, {@code spec}, ...; anything undeclared alphabetically), map entries (labels,
 * annotations, data) sorted by key, null and empty values left out, no timestamps, {@code \n}
 * line ends whatever the platform, and a trailing newline.
 *
 * <p>YAML: one document per object, each starting with {@code ---}; strings are quoted only
 * where YAML would otherwise read them as something else (numbers, booleans, null), and
 * multi-line strings use literal block style. JSON: one pretty-printed array ({@link #toJson}), one
 * object ({@link #toJsonObject}), or a {@code v1 List} ({@link #toJsonList}), the form
 * {@code kubectl apply -f} reads several objects from (it rejects a bare array).
 */
public final class KubeSerializer {

    private static final JsonInclude.Value INCLUSION =
            JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS);

    private static final ObjectWriter YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .build())
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
            .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
            .defaultPropertyInclusion(INCLUSION)
            .build()
            .writer();

    private static final ObjectWriter JSON;

    static {
        ObjectMapper json = JsonMapper.builder()
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .defaultPropertyInclusion(INCLUSION)
                .build();
        DefaultIndenter newlines = new DefaultIndenter("  ", "\n");
        JSON = json.writer(new DefaultPrettyPrinter().withObjectIndenter(newlines).withArrayIndenter(newlines));
    }

    private KubeSerializer() {}

    /** Every object as a YAML document starting with {@code ---}; empty text for no objects. */
    public static String toYaml(List<HasMetadata> objects) {
        StringBuilder out = new StringBuilder();
        for (HasMetadata object : objects) {
            out.append("---\n").append(write(YAML, object));
            if (out.charAt(out.length() - 1) != '\n') {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** The objects as one JSON array, ending with a newline. */
    public static String toJson(List<HasMetadata> objects) {
        return write(JSON, objects) + "\n";
    }

    /** One object, ending with a newline: a file {@code kubectl apply -f} reads. */
    public static String toJsonObject(HasMetadata object) {
        return write(JSON, object) + "\n";
    }

    /**
     * The objects as one {@code {"apiVersion": "v1", "kind": "List", "items": [...]}}, ending with a
     * newline: how {@code kubectl} writes and reads several objects in one JSON document.
     */
    public static String toJsonList(List<HasMetadata> objects) {
        return write(JSON, new KubernetesListBuilder().withItems(objects).build()) + "\n";
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // fabric8 model objects are plain data: failing to write one is a bug, not bad input.
            throw new IllegalStateException("cannot serialize Kubernetes objects", e);
        }
    }
}
