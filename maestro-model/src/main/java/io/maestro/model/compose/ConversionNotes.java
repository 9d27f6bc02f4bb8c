package io.maestro.model.compose;

import io.maestro.model.bind.Binder;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a conversion has to tell the user besides the service.yml: compose settings it dropped
 * ("not converted", one line each) and settings it converted with a change in meaning (warnings
 * with file:line:col), and the application variables the result refers to without a default.
 * Errors in the compose file itself go to the binder's diagnostics.
 */
final class ConversionNotes {

    private static final String SERVICES_PREFIX = "services.";

    private final Binder binder;
    private final Set<String> notConverted = new LinkedHashSet<>();
    private final Set<String> requiredVariables = new java.util.TreeSet<>();

    ConversionNotes(Binder binder) {
        this.binder = binder;
    }

    Binder binder() {
        return binder;
    }

    /**
     * Records a dropped setting. {@code keyPath} is the compose key path; the line drops the
     * {@code services.} prefix: {@code web.healthcheck: REASON}.
     */
    void notConverted(String keyPath, String reason) {
        String shown = keyPath.startsWith(SERVICES_PREFIX) ? keyPath.substring(SERVICES_PREFIX.length()) : keyPath;
        notConverted.add(shown + ": " + reason);
    }

    /** A setting converted with a change the user should check. */
    void warning(YamlNode at, String keyPath, String message) {
        binder.warning(at, keyPath, message);
    }

    /** The compose file itself is wrong (compose would reject it too). */
    void error(YamlNode at, String keyPath, String message) {
        binder.error(at, keyPath, message);
    }

    /** The service.yml refers to this application variable without a default. */
    void requiresVariable(String name) {
        requiredVariables.add(name);
    }

    List<String> requiredVariables() {
        return List.copyOf(requiredVariables);
    }

    List<String> notConvertedLines() {
        return new ArrayList<>(notConverted);
    }
}
