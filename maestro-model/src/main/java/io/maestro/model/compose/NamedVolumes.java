package io.maestro.model.compose;

import io.maestro.model.bind.Binder;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compose file's named volumes and which services mount them. Each mount becomes a claim of
 * its own service, so a volume that several services share in compose no longer shares its data:
 * the user is told so, once per mount, after every service has been read.
 */
final class NamedVolumes {

    /** One mount of a named volume. */
    private record Use(String service, YamlNode at, String path) {}

    private final Set<String> declared;
    private final Map<String, List<Use>> uses = new LinkedHashMap<>();

    NamedVolumes(Set<String> declared) {
        this.declared = new LinkedHashSet<>(declared);
    }

    boolean declared(String name) {
        return declared.contains(name);
    }

    void used(String name, String service, YamlNode at, String path) {
        uses.computeIfAbsent(name, key -> new ArrayList<>()).add(new Use(service, at, path));
    }

    /** Warns about every mount: the claim size is a guess, and shared data is no longer shared. */
    void report(ConversionNotes notes) {
        uses.forEach((name, list) -> {
            List<String> services = list.stream().map(Use::service).distinct().toList();
            for (Use use : list) {
                String message = "named volume " + Binder.quote(name) + " becomes a persistent volume claim of "
                        + VolumeConverter.DEFAULT_CLAIM_SIZE + "; check the size";
                if (services.size() > 1) {
                    message += "; each service gets its own claim, so " + String.join(", ", services)
                            + " no longer share its data";
                }
                notes.warning(use.at(), use.path(), message);
            }
        });
    }
}
