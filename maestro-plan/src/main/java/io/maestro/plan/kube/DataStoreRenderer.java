package io.maestro.plan.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Each data store group → how the namespace reaches it, plus where its credentials live.
 *
 * <ul>
 *   <li>An IP address (or no address yet): a selector-less ClusterIP Service
 *       ({@code postgresql}, {@code mysql-<group>}) and a discovery.k8s.io/v1 EndpointSlice of the
 *       same name, labelled {@code kubernetes.io/service-name} and managed by {@code maestro.io}
 *       (so the EndpointSlice controller leaves it alone). Without an address — Maestro provisions
 *       the server — the slice has no endpoints and is annotated
 *       {@code maestro.io/endpoints: provisioned-at-deploy}.
 *   <li>A host name: an ExternalName Service. kube-proxy ignores FQDN EndpointSlices, so a
 *       selector-less Service with one would never route; DNS aliasing does.
 *   <li>Engines with credentials (PostgreSQL, MySQL, RabbitMQ): the Secret
 *       {@code datastore-<kind>[-<group>]} with keys {@code username}, {@code password},
 *       {@code database}. Maestro creates the users when it provisions the store, so offline the
 *       values are the marker {@code <provisioned-at-deploy>} whatever the secret option.
 * </ul>
 */
final class DataStoreRenderer {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    static final String SLICE_MANAGED_BY_LABEL = "endpointslice.kubernetes.io/managed-by";
    static final String SLICE_MANAGER = "maestro.io";
    static final String ENDPOINTS_ANNOTATION = "maestro.io/endpoints";
    static final String CREDENTIALS_ANNOTATION = "maestro.io/credentials";
    static final String PROVISIONED = "provisioned-at-deploy";

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");

    private DataStoreRenderer() {}

    static List<HasMetadata> render(RenderContext context) {
        List<HasMetadata> objects = new ArrayList<>();
        for (DataStoreEndpoint store : context.dataStores()) {
            objects.addAll(render(context, store));
        }
        return objects;
    }

    private static List<HasMetadata> render(RenderContext context, DataStoreEndpoint store) {
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, String> labels = Labels.forDataStore(context.options(), store.serviceName());
        String portName = store.kind().key();
        String address = store.address();
        boolean hostName = address != null && addressType(address).equals("FQDN");
        ServiceBuilder service = new ServiceBuilder()
                .withNewMetadata().withName(store.serviceName()).withNamespace(context.namespace())
                .withLabels(labels).endMetadata()
                .withNewSpec()
                .withType(hostName ? "ExternalName" : "ClusterIP")
                .withExternalName(hostName ? address : null)
                .addNewPort().withName(portName).withPort(store.port()).withTargetPort(new IntOrString(store.port()))
                .withProtocol("TCP").endPort()
                .endSpec();
        objects.add(service.build());
        if (!hostName) {
            Map<String, String> sliceLabels = new TreeMap<>(labels);
            sliceLabels.put(SERVICE_NAME_LABEL, store.serviceName());
            sliceLabels.put(SLICE_MANAGED_BY_LABEL, SLICE_MANAGER);
            EndpointSliceBuilder slice = new EndpointSliceBuilder()
                    .withNewMetadata().withName(store.serviceName()).withNamespace(context.namespace())
                    .withLabels(sliceLabels)
                    .withAnnotations(address == null ? Map.of(ENDPOINTS_ANNOTATION, PROVISIONED) : Map.of())
                    .endMetadata()
                    .withAddressType(address == null ? "IPv4" : addressType(address))
                    .addNewPort().withName(portName).withPort(store.port()).withProtocol("TCP").endPort();
            if (address != null) {
                slice.withEndpoints(new EndpointBuilder().withAddresses(address)
                        .withNewConditions().withReady(true).endConditions().build());
            }
            objects.add(slice.build());
        }
        if (store.kind().hasCredentials()) {
            objects.add(SecretValues.fillProvisioned(new SecretBuilder()
                    .withNewMetadata().withName(store.secretName()).withNamespace(context.namespace())
                    .withLabels(labels).withAnnotations(Map.of(CREDENTIALS_ANNOTATION, PROVISIONED)).endMetadata()
                    .withType("Opaque"),
                    List.of(DataStoreEndpoint.KEY_USERNAME, DataStoreEndpoint.KEY_PASSWORD, DataStoreEndpoint.KEY_DATABASE))
                    .build());
        }
        return objects;
    }

    /** {@code IPv4}, {@code IPv6} or {@code FQDN} (an EndpointSlice addressType). */
    static String addressType(String address) {
        if (IPV4.matcher(address).matches()) {
            return "IPv4";
        }
        return address.contains(":") ? "IPv6" : "FQDN";
    }
}
