package io.maestro.model.service;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.env.EnvValue;
import io.maestro.model.service.Service.DnsBehaviour;
import io.maestro.model.service.Service.LoadBalancing;
import io.maestro.model.service.Service.ServiceType;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.ScalarNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Binds one entry of {@code services}, mapping V1 spellings to their V2 meaning with a warning
 * that names the V2 form. Service-level {@code databases} are handed to the caller, which merges
 * them into the top-level list.
 */
final class ServiceBinder {

    private static final List<String> GIT_KEYS = List.of("git_url", "git_branch", "build_root", "dockerfile_path",
            "use_habitus", "use_habitus_step");

    private static final Map<String, ServiceType> TYPES = Spellings.of(
            "service", ServiceType.SERVICE, "deployment", ServiceType.DEPLOYMENT, "daemon_set", ServiceType.DAEMON_SET);
    private static final Map<String, DnsBehaviour> DNS = Spellings.of(
            "versioned", DnsBehaviour.VERSIONED, "non-versioned", DnsBehaviour.NON_VERSIONED);
    private static final Map<String, LoadBalancing> BALANCING = Spellings.of(
            "roundrobin", LoadBalancing.ROUNDROBIN, "sticky", LoadBalancing.STICKY, "closest", LoadBalancing.CLOSEST);

    private final Binder binder;
    private final DatabasesBinder databases;

    ServiceBinder(Binder binder, DatabasesBinder databases) {
        this.binder = binder;
        this.databases = databases;
    }

    Optional<Service> bind(String name, YamlNode node, String path) {
        MapReader s = binder.fields(node, path, ServiceYmlKeys.SERVICE);
        if (!s.valid()) {
            return Optional.empty();
        }
        String image = s.nonEmptyString("image").orElse(null);
        BuildSource build = build(s, image != null);
        Map<String, EnvValue> envVars = s.get("env_vars")
                .map(v -> new EnvVarBinder(binder).bind(v, s.pathOf("env_vars"))).orElse(Map.of());
        List<PortMapping> ports = s.get("ports").map(v -> new PortBinder(binder).bind(v, s.pathOf("ports")))
                .orElse(List.of());
        List<VolumeMount> volumes = s.get("volumes").map(v -> new VolumeBinder(binder).bind(v, s.pathOf("volumes")))
                .orElse(List.of());
        Health health = s.get("health").map(v -> new HealthBinder(binder).bind(v, s.pathOf("health")))
                .orElse(new Health.None());
        Constraints constraints = s.get("constraints")
                .map(v -> new ConstraintsBinder(binder).bind(v, s.pathOf("constraints"))).orElse(Constraints.NONE);
        s.get("databases").ifPresent(v -> databases.bind(v, s.pathOf("databases")));
        s.get("links"); // recorded for positions; the key's warning is all it gets

        return Optional.of(new Service(
                name,
                image,
                build,
                s.oneOf("type", TYPES).orElse(ServiceType.SERVICE),
                s.nonEmptyString("command").orElse(null),
                s.nonEmptyString("work_dir").orElse(null),
                envVars,
                ports,
                s.stringList("traffic_matches", true),
                volumes,
                s.nonEmptyString("log_folder").orElse(null),
                health,
                lifecycle(s),
                constraints,
                s.nonEmptyString("service_account_name").orElse(null),
                securityContext(s),
                tags(s),
                s.stringMap("annotations"),
                s.oneOf("dns_behaviour", DNS).orElse(DnsBehaviour.VERSIONED),
                s.oneOf("load_balancing", BALANCING).orElse(LoadBalancing.ROUNDROBIN),
                s.bool("restart_on_deploy").orElse(true)));
    }

    // ---- build ---------------------------------------------------------------------------

    private BuildSource build(MapReader s, boolean hasImage) {
        String buildCommand = s.nonEmptyString("build_command").orElse(null);
        String deployCommand = s.nonEmptyString("deploy_command").orElse(null);
        List<String> gitKeys = GIT_KEYS.stream().filter(s::has).toList();
        if (hasImage && !gitKeys.isEmpty()) {
            // Starter clears the git keys when an image is given; say so instead of doing it silently.
            String first = gitKeys.get(0);
            binder.warning(s.keyNode(first).orElseThrow(), s.pathOf(first),
                    "ignored because 'image' is set: " + String.join(", ", gitKeys)
                            + (gitKeys.size() == 1 ? " is" : " are") + " not used",
                    "remove " + (gitKeys.size() == 1 ? "it" : "them") + ", or remove 'image' to build from git");
            gitKeys.forEach(s::get);
            return buildCommand == null && deployCommand == null ? null
                    : new BuildSource(null, null, null, null, false, null, buildCommand, deployCommand);
        }
        String gitUrl = s.nonEmptyString("git_url").orElse(null);
        String gitBranch = s.nonEmptyString("git_branch").orElse(null);
        String buildRoot = s.nonEmptyString("build_root").orElse(null);
        String dockerfile = s.nonEmptyString("dockerfile_path").orElse(null);
        boolean habitus = s.bool("use_habitus").orElse(false);
        String habitusStep = s.nonEmptyString("use_habitus_step").orElse(null);
        if (gitUrl == null && buildCommand == null && deployCommand == null && gitBranch == null
                && buildRoot == null && dockerfile == null) {
            return null;
        }
        return new BuildSource(gitUrl, gitBranch, buildRoot, dockerfile, habitus, habitusStep, buildCommand,
                deployCommand);
    }

    // ---- lifecycle -----------------------------------------------------------------------

    private Lifecycle lifecycle(MapReader s) {
        String preStartSignal = s.bind("pre_start_signal", this::signal).orElse(null);
        String preStopSequence = s.bind("pre_stop_sequence", this::stopSequence).orElse(null);
        List<String> requires = s.stringList("requires", true);
        return new Lifecycle(
                s.nonEmptyString("post_start_command").orElse(null),
                s.nonEmptyString("pre_stop_command").orElse(null),
                s.bind("stop_grace", this::stopGrace).orElse(null),
                preStartSignal,
                preStopSequence,
                requires);
    }

    private Optional<Integer> stopGrace(YamlNode node, String path) {
        Optional<ScalarNode> scalar = binder.scalar(node, path, "a number of seconds");
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        String text = scalar.get().text().strip();
        if (scalar.get().isInteger()) {
            return binder.integer(node, path, 0, 86_400);
        }
        OptionalInt seconds = DurationText.seconds(text);
        if (seconds.isEmpty() || seconds.getAsInt() > 86_400) {
            binder.error(node, path, "expected a number of seconds between 0 and 86400, got " + Binder.quote(text));
            return Optional.empty();
        }
        binder.warning(node, path, "V1 duration " + Binder.quote(text) + " read as " + seconds.getAsInt()
                + " seconds; V2 uses an integer number of seconds", "write stop_grace: " + seconds.getAsInt());
        return Optional.of(seconds.getAsInt());
    }

    private Optional<String> signal(YamlNode node, String path) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> signal = V1Signals.signal(text.get());
        if (signal.isEmpty()) {
            binder.error(node, path, "expected a signal name such as USR1, got " + Binder.quote(text.get()),
                    io.maestro.model.bind.DidYouMean.hint(text.get().strip().toUpperCase(), V1Signals.NAMES)
                            .orElse("signals: " + String.join(", ", V1Signals.NAMES)));
        }
        return signal;
    }

    private Optional<String> stopSequence(YamlNode node, String path) {
        Optional<String> text = binder.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> problem = V1Signals.sequenceProblem(text.get());
        if (problem.isPresent()) {
            binder.error(node, path, "expected waits and signals alternating such as 1m:USR2:30s:USR1:50s, but "
                    + Binder.quote(text.get()) + " " + problem.get());
            return Optional.empty();
        }
        return Optional.of(text.get().strip());
    }

    // ---- security ------------------------------------------------------------------------

    private SecurityContext securityContext(MapReader s) {
        Optional<Boolean> v1Privileged = s.bool("privileged");
        if (!s.has("security_context")) {
            if (v1Privileged.isEmpty()) {
                return null;
            }
            binder.warning(s.keyNode("privileged").orElseThrow(), s.pathOf("privileged"),
                    "V1 key: mapped to security_context.privileged",
                    "V2 form: security_context: {privileged: " + v1Privileged.get() + "}");
            binder.record(KeyPaths.child(s.pathOf("security_context"), "privileged"), s.get("privileged").orElseThrow());
            return new SecurityContext(null, null, null, null, v1Privileged.get(), null, null, null, List.of());
        }
        MapReader c = s.fields("security_context");
        if (v1Privileged.isPresent()) {
            if (c.has("privileged")) {
                binder.error(s.keyNode("privileged").orElseThrow(), s.pathOf("privileged"),
                        "V1 privileged conflicts with security_context.privileged",
                        "keep only security_context.privileged");
            } else {
                binder.warning(s.keyNode("privileged").orElseThrow(), s.pathOf("privileged"),
                        "V1 key: mapped to security_context.privileged",
                        "move it to security_context: {privileged: " + v1Privileged.get() + "}");
            }
        }
        return new SecurityContext(
                id(c, "fs_group"),
                c.bool("host_ipc").orElse(null),
                c.bool("host_network").orElse(null),
                c.bool("host_pid").orElse(null),
                c.bool("privileged").or(() -> v1Privileged).orElse(null),
                id(c, "run_as_group"),
                c.bool("run_as_non_root").orElse(null),
                id(c, "run_as_user"),
                c.get("supplemental_groups").map(v -> groups(v, c.pathOf("supplemental_groups"))).orElse(List.of()));
    }

    private static Long id(MapReader c, String key) {
        return c.integer(key, 0, Integer.MAX_VALUE).map(Integer::longValue).orElse(null);
    }

    private List<Long> groups(YamlNode node, String path) {
        List<Long> groups = new ArrayList<>();
        binder.sequence(node, path).ifPresent(list -> {
            for (int i = 0; i < list.items().size(); i++) {
                binder.integer(list.items().get(i), KeyPaths.index(path, i), 0, Integer.MAX_VALUE)
                        .ifPresent(g -> groups.add(g.longValue()));
            }
        });
        return groups;
    }

    // ---- tags ----------------------------------------------------------------------------

    private List<Tag> tags(MapReader s) {
        List<Tag> tags = new ArrayList<>();
        for (String text : s.stringList("tags", false)) {
            tags.add(tag(text));
        }
        return tags;
    }

    /** {@code key=value}, {@code key:value} or a bare {@code key}; '=' wins when both appear. */
    static Tag tag(String text) {
        String written = text.strip();
        int eq = written.indexOf('=');
        int cut = eq >= 0 ? eq : written.indexOf(':');
        if (cut < 0) {
            return new Tag(written, "");
        }
        return new Tag(written.substring(0, cut).strip(), written.substring(cut + 1).strip());
    }
}
