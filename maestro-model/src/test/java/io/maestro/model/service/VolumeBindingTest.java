package io.maestro.model.service;

import static io.maestro.model.service.BindingTestSupport.errors;
import static io.maestro.model.service.BindingTestSupport.valid;
import static io.maestro.model.service.BindingTestSupport.web;
import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.service.ServiceYmlFixture.Loaded;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VolumeBindingTest {

    @Test
    void shortFormIsAHostPathReadWriteByDefault() {
        List<VolumeMount> volumes = valid(web("volumes: [\"/srv/data:/data\", \"/etc/x:/x:ro\", \"/y:/y:rw\"]"))
                .service("web").volumes();
        assertThat(volumes).containsExactly(
                new VolumeMount("/data", false, null, null, null, new VolumeMount.HostPath("/srv/data", null)),
                new VolumeMount("/x", true, null, null, null, new VolumeMount.HostPath("/etc/x", null)),
                new VolumeMount("/y", false, null, null, null, new VolumeMount.HostPath("/y", null)));
    }

    @Test
    void shortFormHostPathMayBeAnEnvReferenceWithADefault() {
        assertThat(valid(web("volumes: [\"_env(DATA_DIR:/srv):/data\"]")).service("web").volumes().get(0))
                .isEqualTo(new VolumeMount("/data", false, null, null, null,
                        new VolumeMount.HostPath("_env(DATA_DIR:/srv)", null)));
    }

    @Test
    void badShortFormsAreErrors() {
        assertThat(errors(web("volumes: [\"/a:/b:rx\", \"/only\"]"))).containsExactly(
                "service.yml:4:15: error: services.web.volumes[0]: expected \"/host/path:/container/path[:ro|rw]\", "
                        + "got '/a:/b:rx'",
                "service.yml:4:27: error: services.web.volumes[1]: expected \"/host/path:/container/path[:ro|rw]\", "
                        + "got '/only' (for scratch space use the long form: {mount_path: /only, empty_dir: {}})");
    }

    @Test
    void longFormBindsOptionsAndEverySource() {
        Loaded loaded = valid(web("""
                volumes:
                      - {mount_path: /a, read_only: true, sub_path: logs, mount_propagation: HostToContainer, host_path: {path: /var/a, type: DirectoryOrCreate}}
                      - {mount_path: /b, sub_path_expr: $(POD), empty_dir: {medium: Memory, size_limit: 64Mi}}
                      - {mount_path: /c, persistent_volume_claim: {size: 10Gi, storage_class: fast}}
                      - {mount_path: /d, persistent_volume_claim: {claim_name: shared, read_only: true}}
                      - {mount_path: /e, nfs: {server: nfs.local, path: /exports, read_only: true}}
                      - {mount_path: /f, csi: {driver: x.csi.io, volume_attributes: {storage_account: acct}}}
                      - {mount_path: /g, secret: {from: env_vars, filter: "mount=true"}}"""));
        List<VolumeMount> volumes = loaded.service("web").volumes();
        assertThat(volumes.get(0)).isEqualTo(new VolumeMount("/a", true, "logs", null, "HostToContainer",
                new VolumeMount.HostPath("/var/a", "DirectoryOrCreate")));
        assertThat(volumes.get(1)).isEqualTo(new VolumeMount("/b", false, null, "$(POD)", null,
                new VolumeMount.EmptyDir("Memory", "64Mi")));
        assertThat(volumes.get(2).source()).isEqualTo(new VolumeMount.PersistentClaim("10Gi", "fast", "ReadWriteOnce"));
        assertThat(volumes.get(3).source()).isEqualTo(new VolumeMount.OtherVolume("persistent_volume_claim",
                Map.of("claim_name", "shared", "read_only", true)));
        assertThat(volumes.get(4).source()).isEqualTo(new VolumeMount.OtherVolume("nfs",
                Map.of("server", "nfs.local", "path", "/exports", "read_only", true)));
        // the model keeps every key as written; the renderer spells them for the API
        assertThat(volumes.get(5).source()).isEqualTo(new VolumeMount.OtherVolume("csi",
                Map.of("driver", "x.csi.io", "volume_attributes", Map.of("storage_account", "acct"))));
        assertThat(volumes.get(6).source()).isEqualTo(new VolumeMount.FromData(VolumeMount.DataKind.SECRET,
                VolumeMount.DataOrigin.ENV_VARS, "mount=true"));
        assertThat(loaded.warnings()).isEmpty();
    }

    @Test
    void unknownSnakeCaseVolumeTypesPassThroughWithAWarning() {
        Loaded loaded = valid(web("volumes: [{mount_path: /x, fancy_volume: {some_field: 1}}]"));
        assertThat(loaded.service("web").volumes().get(0).source())
                .isEqualTo(new VolumeMount.OtherVolume("fancy_volume", Map.of("some_field", 1L)));
        assertThat(loaded.warnings()).containsExactly("service.yml:4:32: warning: services.web.volumes[0].fancy_volume: "
                + "'fancy_volume' is not a volume type Maestro knows; it is passed to Kubernetes as written "
                + "(check the spelling against the Kubernetes volume types)");
    }

    @Test
    void sourceProblemsAreReportedOncePerMount() {
        assertThat(errors(web("""
                volumes:
                      - mount_path: /a
                      - mount_path: /b
                        emtpy_dir: {}
                      - mount_path: /c
                        empty_dir: {}
                        secret: {from: env_vars}
                      - mount_path: /d
                        config_map: {filter: x}
                      - mount_path: /e
                        persistent_volume_claim: {size: 1Gi, claim_name: x}"""))).containsExactly(
                "service.yml:5:9: error: services.web.volumes[0]: expected exactly one volume source: host_path, "
                        + "secret, config_map, empty_dir, persistent_volume_claim or another Kubernetes volume type "
                        + "in snake_case",
                "service.yml:7:9: error: services.web.volumes[1].emtpy_dir: unknown key (did you mean 'empty_dir'?)",
                "service.yml:10:9: error: services.web.volumes[2].secret: a mount has exactly one source; found both "
                        + "'empty_dir' and 'secret' (use one list item per volume)",
                "service.yml:12:21: error: services.web.volumes[3].config_map: missing required key 'from' "
                        + "(config_store or env_vars)",
                "service.yml:14:35: error: services.web.volumes[4].persistent_volume_claim.size: cannot be combined "
                        + "with 'claim_name' (claim_name mounts an existing claim; size, storage_class and access_mode "
                        + "create one)");
    }

    @Test
    void mountPathIsRequiredAndHasNoColon() {
        assertThat(errors(web("volumes: [{empty_dir: {}}, {mount_path: \"/a:b\", empty_dir: {}}]"))).containsExactly(
                "service.yml:4:15: error: services.web.volumes[0]: missing required key 'mount_path' (where the "
                        + "volume appears in the container)",
                "service.yml:4:45: error: services.web.volumes[1].mount_path: expected a path without ':', got '/a:b'");
    }
}
