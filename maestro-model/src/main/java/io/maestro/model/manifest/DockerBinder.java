package io.maestro.model.manifest;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.MapReader;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.SequenceNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds the {@code docker} component: the cluster's configuration and nodes. */
final class DockerBinder {

    private static final Map<String, String> NETWORK_MODES = ServerBinder.spellings("private", "public");
    private static final Map<String, String> DISK_TYPES = ServerBinder.spellings("ssd", "magnetic");
    private static final Map<String, String> L4_SERVICE_TYPES = ServerBinder.spellings("LoadBalancer", "NodePort");
    /** Keys bound to typed fields or handled below; the rest of the documented keys go to {@code other}. */
    private static final Set<String> HANDLED_KEYS = Set.of("kubernetes_version", "docker_version", "version",
            "weave_version", "image_keep_count", "nameservers", "network", "root_disk_size", "root_disk_type",
            "firewall", "activeprotect", "nginx", "custom_log_files", "dedicated_master", "ingress_class",
            "l4_service_type");

    private final Binder binder;
    private final ServerBinder servers;

    DockerBinder(Binder binder, ServerBinder servers) {
        this.binder = binder;
        this.servers = servers;
    }

    DockerComponent bind(MapReader component) {
        DockerConfiguration configuration = component.has("configuration")
                ? configuration(component.fields("configuration"))
                : DockerConfiguration.DEFAULTS;
        return new DockerComponent(configuration, servers.servers(component));
    }

    private DockerConfiguration configuration(MapReader c) {
        OtherValues other = new OtherValues(binder);
        c.get("docker_version").ifPresent(v -> other.add("docker_version", v, c.pathOf("docker_version")));
        c.keyNode("version").ifPresent(key -> {
            if (c.has("docker_version")) {
                binder.warning(key, c.pathOf("version"), "ignored because docker_version is also set");
            } else {
                binder.warning(key, c.pathOf("version"), "older spelling of 'docker_version'; read as docker_version");
                other.add("docker_version", c.get("version").orElseThrow(), c.pathOf("version"));
            }
        });
        c.integer("root_disk_size", 1, 65536).ifPresent(size -> other.put("root_disk_size", size.toString()));
        c.oneOf("root_disk_type", DISK_TYPES).ifPresent(type -> other.put("root_disk_type", type));
        c.oneOf("l4_service_type", L4_SERVICE_TYPES).ifPresent(type -> other.put("l4_service_type", type));
        for (MappingNode.Entry entry : c.node().entries()) {
            if (!HANDLED_KEYS.contains(entry.name())
                    && ManifestKeys.DOCKER_CONFIGURATION.child(entry.name()).isPresent()) {
                other.add(entry.name(), entry.value(), c.pathOf(entry.name()));
            }
        }

        String networkMode = c.has("network") ? c.fields("network").oneOf("mode", NETWORK_MODES).orElse(null) : null;
        boolean createWebRules = !c.has("firewall") || c.fields("firewall").bool("create_web_rules").orElse(true);

        List<String> whitelist = List.of();
        int httpBanRate = DockerConfiguration.DEFAULT_HTTP_BAN_RATE;
        if (c.has("activeprotect")) {
            MapReader activeProtect = c.fields("activeprotect");
            whitelist = whitelist(activeProtect);
            httpBanRate = activeProtect.integer("http_ban_rate", 1, 1_000_000).orElse(httpBanRate);
            if (activeProtect.has("health_check")) {
                healthCheck(activeProtect.fields("health_check"), other);
            }
        }

        DockerConfiguration.Cors cors = null;
        if (c.has("nginx")) {
            MapReader nginx = c.fields("nginx");
            cors = cors(nginx);
            // perfect_forward_secrecy and precompiled_url are warned about by the key table and ignored.
            nginx.get("precompiled_url").ifPresent(v -> other.add("nginx.precompiled_url", v, nginx.pathOf("precompiled_url")));
        }

        return new DockerConfiguration(
                c.nonEmptyString("kubernetes_version").orElse(null),
                c.integer("image_keep_count", 0, 1000).orElse(DockerConfiguration.DEFAULT_IMAGE_KEEP_COUNT),
                nameservers(c),
                networkMode,
                createWebRules,
                whitelist,
                httpBanRate,
                cors,
                c.bool("dedicated_master").orElse(null),
                ingressClass(c).orElse(null),
                c.stringList("custom_log_files", true),
                other.values());
    }

    private List<String> nameservers(MapReader c) {
        List<String> nameservers = c.stringList("nameservers", true);
        for (int i = 0; i < nameservers.size(); i++) {
            if (!NetworkNames.isIpAddress(nameservers.get(i).strip())) {
                YamlNode list = c.get("nameservers").orElseThrow();
                binder.error(itemNode(list, i), itemPath(list, c.pathOf("nameservers"), i),
                        "expected an IP address, got " + Binder.quote(nameservers.get(i)));
            }
        }
        return nameservers.stream().map(String::strip).toList();
    }

    /** {@code whitelist}: a comma-separated string (as documented) or a list; IPs or CIDR ranges. */
    private List<String> whitelist(MapReader activeProtect) {
        Optional<YamlNode> node = activeProtect.get("whitelist");
        if (node.isEmpty()) {
            return List.of();
        }
        String path = activeProtect.pathOf("whitelist");
        List<String> written = binder.stringList(node.get(), path, true);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < written.size(); i++) {
            for (String part : written.get(i).split(",")) {
                String address = part.strip();
                if (address.isEmpty()) {
                    continue;
                }
                if (NetworkNames.isIpOrCidr(address)) {
                    addresses.add(address);
                } else {
                    binder.error(itemNode(node.get(), i), itemPath(node.get(), path, i), "expected IP addresses or CIDR ranges, got " + Binder.quote(address));
                }
            }
        }
        return List.copyOf(addresses);
    }

    private void healthCheck(MapReader check, OtherValues other) {
        String prefix = "activeprotect.health_check.";
        check.nonEmptyString("endpoint").ifPresent(endpoint -> {
            if (endpoint.startsWith("/") && NetworkNames.isConfigSafe(endpoint) && !endpoint.contains(" ")) {
                other.put(prefix + "endpoint", endpoint);
            } else {
                binder.error(check.get("endpoint").orElseThrow(), check.pathOf("endpoint"),
                        "expected a path starting with '/' without spaces, quotes, ';', '#', '$' or braces, got "
                                + Binder.quote(endpoint));
            }
        });
        check.get("accept").ifPresent(accept -> {
            List<YamlNode> items = binder.items(accept, check.pathOf("accept"));
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                binder.integer(items.get(i), KeyPaths.index(check.pathOf("accept"), i), 100, 599)
                        .ifPresent(code -> codes.add(code.toString()));
            }
            other.put(prefix + "accept", String.join(",", codes));
        });
        check.integer("timeout", 1, 10).ifPresent(v -> other.put(prefix + "timeout", v.toString()));
        check.integer("max_redirects", 0, 10).ifPresent(v -> other.put(prefix + "max_redirects", v.toString()));
        check.integer("cooldown", 0, 1800).ifPresent(v -> other.put(prefix + "cooldown", v.toString()));
    }

    /** {@code nginx.cors}: {@code true}/{@code false}, or a map of settings over the allow-all defaults. */
    private DockerConfiguration.Cors cors(MapReader nginx) {
        Optional<YamlNode> node = nginx.get("cors");
        if (node.isEmpty()) {
            return null;
        }
        if (!(node.get() instanceof MappingNode)) {
            return nginx.bool("cors").orElse(false) ? DockerConfiguration.Cors.ALLOW_ALL : null;
        }
        MapReader cors = nginx.fields("cors");
        DockerConfiguration.Cors defaults = DockerConfiguration.Cors.ALLOW_ALL;
        return new DockerConfiguration.Cors(
                proxySafe(cors, "origin").orElse(defaults.origin()),
                proxySafe(cors, "methods").orElse(defaults.methods()),
                proxySafe(cors, "headers").orElse(defaults.headers()),
                cors.bool("credentials").orElse(defaults.credentials()));
    }

    private Optional<String> proxySafe(MapReader map, String key) {
        Optional<String> text = map.nonEmptyString(key);
        if (text.isPresent() && !NetworkNames.isConfigSafe(text.get())) {
            binder.error(map.get(key).orElseThrow(), map.pathOf(key),
                    "expected text without quotes, ';', '#', '$', braces or control characters (it goes into the "
                            + "proxy configuration), got " + Binder.quote(text.get()));
            return Optional.empty();
        }
        return text;
    }

    private Optional<String> ingressClass(MapReader c) {
        Optional<String> name = c.nonEmptyString("ingress_class");
        if (name.isPresent() && !NetworkNames.isDnsSubdomain(name.get())) {
            binder.error(c.get("ingress_class").orElseThrow(), c.pathOf("ingress_class"),
                    "expected an IngressClass name (lowercase letters, digits, '-' and '.'), got " + Binder.quote(name.get()));
            return Optional.empty();
        }
        return name;
    }

    /** The node of item {@code index} of a list, or the value itself when it was written as a single item. */
    private static YamlNode itemNode(YamlNode list, int index) {
        return list instanceof SequenceNode sequence && index < sequence.items().size() ? sequence.items().get(index) : list;
    }

    private static String itemPath(YamlNode list, String path, int index) {
        return list instanceof SequenceNode ? KeyPaths.index(path, index) : path;
    }
}
