package io.maestro.plan.kube;

import io.maestro.model.service.Service;
import io.maestro.model.service.Tag;
import io.maestro.model.validate.KubernetesNames;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The labels Maestro puts on every object it renders.
 *
 * <p>Every object carries the recommended {@code app.kubernetes.io/*} labels: {@code name} (the
 * service or data store), {@code instance} ({@code <app>-<env>}), {@code part-of} (the
 * application), {@code managed-by} ({@code maestro}) and, on workloads, {@code version} (the image
 * tag, or {@code git} for images BuildGrid builds). A service's {@code tags} are added too, but
 * never replace Maestro's own labels: selectors depend on them.
 *
 * <p>Selectors use only {@code name} and {@code instance}: labels that never change during the
 * life of a workload (a selector is immutable once created).
 */
public final class Labels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String VERSION = "app.kubernetes.io/version";
    public static final String COMPONENT = "app.kubernetes.io/component";

    /** The value of {@link #MANAGED_BY} on everything Maestro renders. */
    public static final String MANAGER = "maestro";

    private static final Pattern INVALID_VALUE_CHARS = Pattern.compile("[^A-Za-z0-9_.-]");
    private static final Pattern LEADING_NON_ALNUM = Pattern.compile("^[^A-Za-z0-9]+");
    private static final Pattern TRAILING_NON_ALNUM = Pattern.compile("[^A-Za-z0-9]+$");

    private Labels() {}

    /** Labels shared by every object of an application environment (the Namespace has only these). */
    public static Map<String, String> common(String application, String environment) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(INSTANCE, Names.namespace(application, environment));
        labels.put(PART_OF, value(application));
        labels.put(MANAGED_BY, MANAGER);
        return labels;
    }

    /** The stable subset used by selectors: {@code name} and {@code instance}. */
    public static Map<String, String> selector(String application, String environment, String name) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(NAME, value(name));
        labels.put(INSTANCE, Names.namespace(application, environment));
        return labels;
    }

    /** Every label of a service's objects: its tags, then Maestro's labels on top. */
    static Map<String, String> forService(RenderOptions options, Service service, String version) {
        Map<String, String> labels = new TreeMap<>();
        for (Tag tag : service.tags()) {
            labels.put(tag.key(), tag.value() == null ? "" : tag.value());
        }
        labels.putAll(common(options.application(), options.environment()));
        labels.put(NAME, value(service.name()));
        labels.put(VERSION, value(version));
        return labels;
    }

    /** Labels of a data store's objects ({@code component=datastore}). */
    static Map<String, String> forDataStore(RenderOptions options, String name) {
        Map<String, String> labels = common(options.application(), options.environment());
        labels.put(NAME, value(name));
        labels.put(COMPONENT, "datastore");
        return labels;
    }

    /**
     * Any text as a valid label value: characters outside {@code [A-Za-z0-9_.-]} become {@code -},
     * non-alphanumeric ends are dropped, and text over 63 characters is shortened with a hash.
     */
    public static String value(String text) {
        if (KubernetesNames.isLabelValue(text)) {
            return text;
        }
        String clean = INVALID_VALUE_CHARS.matcher(text).replaceAll("-");
        clean = LEADING_NON_ALNUM.matcher(clean).replaceAll("");
        clean = TRAILING_NON_ALNUM.matcher(clean).replaceAll("");
        if (clean.length() <= KubernetesNames.MAX_LABEL_LENGTH) {
            return clean;
        }
        String hash = Names.hash(text);
        String prefix = TRAILING_NON_ALNUM.matcher(
                clean.substring(0, KubernetesNames.MAX_LABEL_LENGTH - hash.length() - 1)).replaceAll("");
        return prefix + "-" + hash;
    }
}
