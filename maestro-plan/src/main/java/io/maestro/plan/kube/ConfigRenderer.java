package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.maestro.model.env.ResolvedValue;
import io.maestro.model.service.Service;
import io.maestro.model.service.VolumeMount;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * ConfigMaps and Secrets of a service.
 *
 * <p>{@code <service>-env}: the ConfigMap of its plain variables and the Secret (type Opaque) of
 * its secret ones, as planned by {@link EnvPlan}; either is left out when it would be empty.
 * Secret values are masked unless secrets are shown ({@link SecretValues}).
 *
 * <p>{@code <service>-data-<i>}: the Secret or ConfigMap behind a {@code secret}/{@code config_map}
 * volume. From {@code env_vars} without a filter it holds the application's variables (a
 * ConfigMap only the non-secret ones). A {@code filter} matches variable metadata that only the
 * control plane holds, and {@code config_store} records live there too: such objects are
 * rendered empty, annotated {@code maestro.io/data-from} and {@code maestro.io/data-filter}, and
 * filled at deploy time.
 */
final class ConfigRenderer {

    static final String ENV_SUFFIX = "env";
    static final String DATA_FROM_ANNOTATION = "maestro.io/data-from";
    static final String DATA_FILTER_ANNOTATION = "maestro.io/data-filter";

    private ConfigRenderer() {}

    static List<HasMetadata> render(RenderContext context, Service service, EnvPlan env) {
        List<HasMetadata> objects = new ArrayList<>();
        String name = Names.suffixed(service.name(), ENV_SUFFIX);
        if (!env.config().isEmpty()) {
            objects.add(new ConfigMapBuilder().withMetadata(meta(context, service, name, Map.of()))
                    .withData(new TreeMap<>(env.config())).build());
        }
        if (!env.secret().isEmpty()) {
            objects.add(context.secrets().fill(new SecretBuilder()
                    .withMetadata(meta(context, service, name, Map.of())).withType("Opaque"), env.secret()).build());
        }
        for (int i = 0; i < service.volumes().size(); i++) {
            if (service.volumes().get(i).source() instanceof VolumeMount.FromData data) {
                objects.add(dataObject(context, service, i, data));
            }
        }
        return objects;
    }

    private static HasMetadata dataObject(RenderContext context, Service service, int index, VolumeMount.FromData data) {
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(DATA_FROM_ANNOTATION, data.from() == VolumeMount.DataOrigin.ENV_VARS ? "env_vars" : "config_store");
        if (data.filter() != null) {
            annotations.put(DATA_FILTER_ANNOTATION, data.filter());
        }
        boolean secret = data.kind() == VolumeMount.DataKind.SECRET;
        Map<String, String> values = new LinkedHashMap<>();
        if (data.from() == VolumeMount.DataOrigin.ENV_VARS && data.filter() == null) {
            Map<String, String> injected = injectedLiterals(context);
            context.variables().application().forEach((key, value) -> {
                if (secret || !value.secret()) {
                    values.put(key, fileText(context, value, injected));
                }
            });
        }
        ObjectMeta meta = meta(context, service, VolumePlan.dataName(service, index), annotations);
        if (secret) {
            return context.secrets().fill(new SecretBuilder().withMetadata(meta).withType("Opaque"), values).build();
        }
        return new ConfigMapBuilder().withMetadata(meta).withData(new TreeMap<>(values)).build();
    }

    /**
     * A value as file content: nothing expands {@code $(VAR)} in a mounted file, so data store
     * addresses and ports are written as their literal values and anything only known at deploy
     * time as a marker.
     */
    private static String fileText(RenderContext context, ResolvedValue value, Map<String, String> injected) {
        StringBuilder text = new StringBuilder();
        for (ResolvedValue.Segment segment : value.segments()) {
            switch (segment) {
                case ResolvedValue.Text t -> text.append(t.text());
                case ResolvedValue.InjectedVar v -> text.append(injected.getOrDefault(v.name(), SecretValues.PROVISIONED));
                case ResolvedValue.Generated g -> text.append(context.secrets().generated(g.owner(), g.length()));
                case ResolvedValue.Unresolved u -> text.append(EnvPlan.unresolvedMarker(u.source()));
                // Credentials exist only once the store is provisioned; a file cannot expand them later.
                case ResolvedValue.ProvisionedCredential c -> text.append(SecretValues.PROVISIONED);
            }
        }
        return text.toString();
    }

    private static Map<String, String> injectedLiterals(RenderContext context) {
        Map<String, String> literals = new HashMap<>();
        for (DataStoreEndpoint store : context.dataStores()) {
            for (String prefix : store.envPrefixes()) {
                literals.put(prefix + "_ADDRESS", store.serviceName());
                literals.put(prefix + "_PORT", Integer.toString(store.port()));
            }
        }
        return literals;
    }

    private static ObjectMeta meta(RenderContext context, Service service, String name, Map<String, String> annotations) {
        return new ObjectMetaBuilder().withName(name).withNamespace(context.namespace())
                .withLabels(context.serviceLabels(service)).withAnnotations(annotations).build();
    }
}
