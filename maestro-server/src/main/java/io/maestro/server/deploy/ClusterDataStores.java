package io.maestro.server.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.maestro.hosts.component.Connection;
import io.maestro.hosts.component.PlannedComponent;
import io.maestro.plan.kube.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Points the rendered data store objects of a cluster deployment at the stores as provisioned.
 *
 * <p>{@code KubernetesRenderer} is pure: for each data store group it renders a selector-less
 * Service ({@code postgresql}, {@code mysql-<group>}), an EndpointSlice of the same name with the
 * manifest's address (none when Maestro provisions the server: annotated
 * {@code maestro.io/endpoints: provisioned-at-deploy}) and the Secret {@code datastore-<service>}
 * whose {@code username}/{@code password}/{@code database} are markers; the containers' variables
 * already refer to them ({@code POSTGRESQL_ADDRESS=postgresql}, {@code _PORT}, and
 * {@code _USERNAME}/{@code _PASSWORD}/{@code _DATABASE} from the Secret). This fills the gap once the
 * stores are provisioned: the slice gets the server's address and port, the Service's target port
 * follows, and the Secret gets the real credentials (passwords only there, never in a ConfigMap).
 * A server known by host name becomes an ExternalName Service (kube-proxy ignores FQDN slices).
 */
final class ClusterDataStores {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})(\\.\\d{1,3}){3}");
    private static final String ENDPOINTS_ANNOTATION = "maestro.io/endpoints";
    private static final String CREDENTIALS_ANNOTATION = "maestro.io/credentials";

    private ClusterDataStores() {
    }

    /** The rendered objects with every placed group's Service, EndpointSlice and Secret filled in. */
    static DesiredState.Rendered connect(DesiredState.Rendered rendered, List<HostComponents.Placed> placed, List<String> notes) {
        Map<String, HasMetadata> byKindAndName = new HashMap<>();
        rendered.objects().forEach(o -> byKindAndName.put(o.getKind() + "/" + o.getMetadata().getName(), o));
        List<HasMetadata> dropped = new ArrayList<>();
        for (HostComponents.Placed p : placed) {
            String service = serviceName(p.component());
            Connection connection = p.connection();
            if (!connection.address().isEmpty()) {
                boolean hostName = !IPV4.matcher(connection.address()).matches() && !connection.address().contains(":");
                if (byKindAndName.get("Service/" + service) instanceof Service s) {
                    pointService(s, connection, hostName);
                }
                if (byKindAndName.get("EndpointSlice/" + service) instanceof EndpointSlice slice) {
                    if (hostName) {
                        dropped.add(slice);
                    } else {
                        pointSlice(slice, connection);
                    }
                }
                notes.add(service + " -> " + connection.address() + ":" + connection.port());
            }
            if (byKindAndName.get("Secret/" + Names.suffixed("datastore", service)) instanceof Secret secret) {
                fill(secret, connection);
            }
        }
        List<HasMetadata> objects = new ArrayList<>(rendered.objects());
        objects.removeAll(dropped);
        return new DesiredState.Rendered(rendered.namespace(), List.copyOf(objects), rendered.images());
    }

    /** {@code postgresql}, {@code mysql-reporting}: what the renderer names a group's Service. */
    static String serviceName(PlannedComponent component) {
        return Names.label(component.primary() ? component.kind().key() : component.kind().key() + "-" + component.group());
    }

    private static void pointService(Service service, Connection connection, boolean hostName) {
        if (hostName) {
            service.getSpec().setType("ExternalName");
            service.getSpec().setExternalName(connection.address());
            service.getSpec().setClusterIP(null);
        }
        for (ServicePort port : service.getSpec().getPorts()) {
            port.setTargetPort(new IntOrString(connection.port()));
        }
    }

    private static void pointSlice(EndpointSlice slice, Connection connection) {
        slice.setAddressType(connection.address().contains(":") ? "IPv6" : "IPv4");
        slice.setEndpoints(List.of(new EndpointBuilder().withAddresses(connection.address())
                .withNewConditions().withReady(true).endConditions().build()));
        for (EndpointPort port : slice.getPorts()) {
            port.setPort(connection.port());
        }
        Map<String, String> annotations = slice.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(ENDPOINTS_ANNOTATION)) {
            Map<String, String> kept = new TreeMap<>(annotations);
            kept.remove(ENDPOINTS_ANNOTATION);
            slice.getMetadata().setAnnotations(kept);
        }
    }

    private static void fill(Secret secret, Connection connection) {
        Map<String, String> data = new TreeMap<>();
        data.put("username", encode(connection.username().orElse("")));
        data.put("password", encode(connection.password().map(io.maestro.hosts.component.Secret::reveal).orElse("")));
        data.put("database", encode(connection.database().orElse("")));
        secret.setStringData(null);
        secret.setData(data);
        Map<String, String> annotations = secret.getMetadata().getAnnotations();
        if (annotations != null && annotations.containsKey(CREDENTIALS_ANNOTATION)) {
            Map<String, String> kept = new TreeMap<>(annotations);
            kept.put(CREDENTIALS_ANNOTATION, "maestro");
            secret.getMetadata().setAnnotations(kept);
        }
    }

    private static String encode(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
