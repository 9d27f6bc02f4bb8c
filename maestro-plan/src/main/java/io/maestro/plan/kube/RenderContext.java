package io.maestro.plan.kube;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.manifest.ServerRef;
import io.maestro.model.service.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the object-family renderers share for one render: the definition, the options, the
 * environment's effective manifest, resolved variables, data stores and the secret policy.
 * {@code labelCache} memoises each service's labels for the render (every object of a service
 * carries them).
 */
record RenderContext(
        AppDefinition definition,
        RenderOptions options,
        String namespace,
        EnvironmentManifest environment,
        ResolvedEnvironment variables,
        List<DataStoreEndpoint> dataStores,
        SecretValues secrets,
        Map<String, Map<String, String>> labelCache) {

    static RenderContext of(AppDefinition definition, ResolvedEnvironment variables, RenderOptions options) {
        return new RenderContext(
                definition,
                options,
                Names.namespace(options.application(), options.environment()),
                definition.manifest().forEnvironment(options.environment()),
                variables,
                DataStoreEndpoint.of(definition, options.environment()),
                new SecretValues(options.showSecrets()),
                new HashMap<>());
    }

    /** Labels for every object of one service (the workload's image decides the version label). */
    Map<String, String> serviceLabels(Service service) {
        return new TreeMap<>(labelCache.computeIfAbsent(service.name(), n ->
                Labels.forService(options, service, ImageReference.of(options.application(), service).version())));
    }

    Map<String, String> selector(Service service) {
        return Labels.selector(options.application(), options.environment(), service.name());
    }

    /** Whether the cluster's nodes come from a cloud vendor (so a LoadBalancer Service gets an address). */
    boolean hasCloudVendor() {
        return environment.optionalDocker()
                .map(d -> d.servers().stream().anyMatch(s ->
                        s instanceof ServerRef.Server server && server.vendor() != null))
                .orElse(false);
    }

    /** Whether the manifest describes the cluster's nodes at all. */
    boolean hasDockerServers() {
        return environment.optionalDocker().map(d -> !d.servers().isEmpty()).orElse(false);
    }
}
