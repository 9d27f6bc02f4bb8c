package io.maestro.plan.kube;

import io.maestro.model.AppDefinition;
import io.maestro.model.env.ResolvedEnvironment;
import io.maestro.model.manifest.EnvironmentManifest;
import io.maestro.model.service.Service;
import java.util.List;
import java.util.Map;

/**
 * Everything the object-family renderers share for one render: the definition, the options, the
 * environment's effective manifest, resolved variables, data stores and the secret policy.
 */
record RenderContext(
        AppDefinition definition,
        RenderOptions options,
        String namespace,
        EnvironmentManifest environment,
        ResolvedEnvironment variables,
        List<DataStoreEndpoint> dataStores,
        SecretValues secrets) {

    static RenderContext of(AppDefinition definition, ResolvedEnvironment variables, RenderOptions options) {
        return new RenderContext(
                definition,
                options,
                Names.namespace(options.application(), options.environment()),
                definition.manifest().forEnvironment(options.environment()),
                variables,
                DataStoreEndpoint.of(definition, options.environment()),
                new SecretValues(options.showSecrets()));
    }

    /** Labels for every object of one service (the workload's image decides the version label). */
    Map<String, String> serviceLabels(Service service) {
        return Labels.forService(options, service, ImageReference.of(options.application(), service).version());
    }

    Map<String, String> selector(Service service) {
        return Labels.selector(options.application(), options.environment(), service.name());
    }

    /** Whether the cluster's nodes come from a cloud vendor (so a LoadBalancer Service gets an address). */
    boolean hasCloudVendor() {
        return environment.optionalDocker()
                .map(d -> d.servers().stream().anyMatch(s ->
                        s instanceof io.maestro.model.manifest.ServerRef.Server server && server.vendor() != null))
                .orElse(false);
    }

    /** Whether the manifest describes the cluster's nodes at all. */
    boolean hasDockerServers() {
        return environment.optionalDocker().map(d -> !d.servers().isEmpty()).orElse(false);
    }
}
