package io.maestro.kube.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The exact requests an apply sends, against the mock server in expectation mode: a request
 * whose method or URL differs from what a real API server expects gets a 404 here and fails the
 * apply.
 */
@DisplayName("Server-side apply on the wire")
class ApplyWireFormatIT {

    private static final String NS = "shop-production";
    private static final String CONFIG_MAPS = "/api/v1/namespaces/" + NS + "/configmaps";

    private KubernetesMockServer server;
    private KubernetesClient client;

    private final ConfigMap config = new ConfigMapBuilder()
            .withNewMetadata().withName("web-env").withNamespace(NS)
            .addToLabels("app.kubernetes.io/managed-by", "maestro").endMetadata()
            .addToData("RAILS_ENV", "production")
            .build();

    @BeforeEach
    void startServer() {
        server = new KubernetesMockServer(false);
        server.init();
        client = server.createClient();
        server.expect().get().withPath(CONFIG_MAPS).andReturn(200, new ConfigMapListBuilder().build()).always();
    }

    @AfterEach
    void stopServer() {
        client.close();
        server.destroy();
    }

    @Test
    void sendsAnApplyPatchWithFieldManagerMaestroAndNoForceByDefault() throws Exception {
        server.expect().patch().withPath(CONFIG_MAPS + "/maestro-inventory?fieldManager=maestro").andReturn(201, config).once();
        server.expect().patch().withPath(CONFIG_MAPS + "/web-env?fieldManager=maestro").andReturn(201, config).once();

        ApplyReport report = Applier.create(client).apply(NS, List.of(config));

        assertThat(report.objects(ObjectChange.Action.CREATED)).extracting(r -> r.name()).containsExactly("web-env");
        RecordedRequest apply = onlyRequest("PATCH", CONFIG_MAPS + "/web-env");
        assertThat(apply.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(apply.getPath()).isEqualTo(CONFIG_MAPS + "/web-env?fieldManager=maestro");

        JsonNode body = new YAMLMapper().readTree(apply.getUtf8Body());
        assertThat(body.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(body.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(body.path("metadata").path("namespace").asText()).isEqualTo(NS);
        assertThat(body.path("metadata").has("resourceVersion")).isFalse();
        assertThat(body.path("metadata").path("labels").path(ApplySetLabels.APPLYSET_PART_OF).asText())
                .isEqualTo(ApplySetLabels.applySetId(NS));
        assertThat(body.path("metadata").path("annotations").path(ApplySetLabels.APPLIED_HASH).asText()).hasSize(64);
        assertThat(body.path("data").path("RAILS_ENV").asText()).isEqualTo("production");
    }

    @Test
    void sendsForceTrueWhenConfiguredToTakeOverConflictingFields() throws Exception {
        server.expect().patch().withPath(CONFIG_MAPS + "/maestro-inventory?fieldManager=maestro&force=true").andReturn(201, config).once();
        server.expect().patch().withPath(CONFIG_MAPS + "/web-env?fieldManager=maestro&force=true").andReturn(201, config).once();

        Applier.create(client, ApplyOptions.defaults().withForce(true)).apply(NS, List.of(config));

        RecordedRequest apply = onlyRequest("PATCH", CONFIG_MAPS + "/web-env");
        assertThat(apply.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(apply.getPath()).isEqualTo(CONFIG_MAPS + "/web-env?fieldManager=maestro&force=true");
    }

    @Test
    void writesTheInventoryAsAnApplySetParentConfigMap() throws Exception {
        server.expect().patch().withPath(CONFIG_MAPS + "/maestro-inventory?fieldManager=maestro").andReturn(201, config).once();
        server.expect().patch().withPath(CONFIG_MAPS + "/web-env?fieldManager=maestro").andReturn(201, config).once();

        Applier.create(client).apply(NS, List.of(config));

        RecordedRequest inventory = onlyRequest("PATCH", CONFIG_MAPS + "/maestro-inventory");
        assertThat(inventory.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        JsonNode body = new YAMLMapper().readTree(inventory.getUtf8Body());
        assertThat(body.path("metadata").path("labels").path(ApplySetLabels.APPLYSET_ID).asText())
                .isEqualTo(ApplySetLabels.applySetId(NS));
        assertThat(body.path("metadata").path("labels").has(ApplySetLabels.APPLYSET_PART_OF)).isFalse();
        assertThat(body.path("metadata").path("annotations").path(ApplySetLabels.APPLYSET_TOOLING).asText()).isEqualTo("maestro/v1");
        assertThat(body.path("metadata").path("annotations").path(ApplySetLabels.APPLYSET_CONTAINS_GROUP_KINDS).asText())
                .isEqualTo("ConfigMap");
        assertThat(body.path("data").path("objects").asText()).isEqualTo("ConfigMap/web-env v1\n");
    }

    /** The one request with this method to this resource (any query); every write of an apply is a PATCH. */
    private RecordedRequest onlyRequest(String method, String resourcePath) throws InterruptedException {
        List<RecordedRequest> matching = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS); r != null; r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
            if (!r.getMethod().equals("GET")) {
                writes.add(r.getMethod());
            }
            if (r.getMethod().equals(method) && (r.getPath().equals(resourcePath) || r.getPath().startsWith(resourcePath + "?"))) {
                matching.add(r);
            }
        }
        assertThat(matching).hasSize(1);
        assertThat(writes).containsOnly("PATCH");
        return matching.get(0);
    }
}
