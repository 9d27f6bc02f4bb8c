package io.maestro.model.manifest;

import io.maestro.model.bind.Binder;
import io.maestro.model.bind.DidYouMean;
import io.maestro.model.bind.MapReader;
import io.maestro.model.manifest.LoadBalancerConfiguration.Balance;
import io.maestro.model.manifest.LoadBalancerConfiguration.Engine;
import io.maestro.model.source.KeyPaths;
import io.maestro.model.yaml.MappingNode;
import io.maestro.model.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds the {@code load_balancer} component. */
final class LoadBalancerBinder {

    private static final Map<String, Engine> ENGINES = new LinkedHashMap<>();
    /** Maestro's spellings first (they are what errors list), then the cloud providers' synonyms. */
    private static final Map<String, Balance> BALANCES = new LinkedHashMap<>();
    private static final List<String> CANONICAL_BALANCES = List.of("roundrobin", "leastconn", "source");

    static {
        ENGINES.put("nginx", Engine.NGINX);
        ENGINES.put("haproxy", Engine.HAPROXY);
        BALANCES.put("roundrobin", Balance.ROUNDROBIN);
        BALANCES.put("leastconn", Balance.LEASTCONN);
        BALANCES.put("source", Balance.SOURCE);
        BALANCES.put("round_robin", Balance.ROUNDROBIN);
        BALANCES.put("least_connections", Balance.LEASTCONN);
        BALANCES.put("client_ip", Balance.SOURCE);
        BALANCES.put("client_ip_proto", Balance.SOURCE);
    }

    /** {@code /healthz} or {@code HEAD / HTTP/1.0}: nothing that could end a directive or start a comment. */
    private static final Pattern HTTPCHK =
            Pattern.compile("(/[A-Za-z0-9/._~%?&=:+,@!*()-]*)|([A-Z]{3,7} /[A-Za-z0-9/._~%?&=:+,@!*()-]*( HTTP/[0-9.]{1,3})?)");
    private static final Pattern FILE_PATH = Pattern.compile("/?[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private static final Pattern STATS_USER = Pattern.compile("[A-Za-z0-9._-]+");

    private final Binder binder;
    private final ServerBinder servers;

    LoadBalancerBinder(Binder binder, ServerBinder servers) {
        this.binder = binder;
        this.servers = servers;
    }

    LoadBalancerComponent bind(MapReader component) {
        LoadBalancerConfiguration configuration = component.get("configuration")
                .map(node -> configuration(node, component.pathOf("configuration")))
                .orElse(LoadBalancerConfiguration.DEFAULTS);
        return new LoadBalancerComponent(configuration, servers.servers(component));
    }

    private LoadBalancerConfiguration configuration(YamlNode node, String path) {
        Optional<MappingNode> map = binder.mapping(node, path);
        if (map.isEmpty()) {
            return LoadBalancerConfiguration.DEFAULTS;
        }
        // errorfile_<code> keys are open-ended: take them out before the key table checks the rest.
        List<MappingNode.Entry> keyed = new ArrayList<>();
        Map<Integer, String> errorFiles = new LinkedHashMap<>();
        for (MappingNode.Entry entry : map.get().entries()) {
            if (entry.name().startsWith(ManifestKeys.ERRORFILE_PREFIX)) {
                errorFile(entry, KeyPaths.child(path, entry.name())).ifPresent(e -> errorFiles.put(e.getKey(), e.getValue()));
            } else {
                keyed.add(entry);
            }
        }
        MapReader c = binder.fields(new MappingNode(keyed, map.get().position()), path,
                ManifestKeys.LOAD_BALANCER_CONFIGURATION);
        LoadBalancerConfiguration defaults = LoadBalancerConfiguration.DEFAULTS;
        return new LoadBalancerConfiguration(
                c.oneOf("engine", ENGINES).orElse(defaults.engine()),
                balance(c).orElse(defaults.balance()),
                httpchk(c).orElse(defaults.httpchk()),
                c.integer("wait_after_adding_servers", 0, 3600).orElse(0),
                c.integer("wait_after_removing_servers", 0, 3600).orElse(0),
                errorFiles,
                statsUser(c).orElse(null),
                statsPassword(c).orElse(null));
    }

    private Optional<Map.Entry<Integer, String>> errorFile(MappingNode.Entry entry, String path) {
        binder.record(path, entry.value());
        String code = entry.name().substring(ManifestKeys.ERRORFILE_PREFIX.length());
        if (!code.matches("[0-9]{3}") || !ManifestKeys.ERRORFILE_CODES.contains(Integer.parseInt(code))) {
            binder.error(entry.key(), path, "expected errorfile_<code> with a status HAProxy serves error pages for ("
                    + String.join(", ", ManifestKeys.ERRORFILE_CODES.stream().map(String::valueOf).toList())
                    + "), got " + Binder.quote(entry.name()));
            return Optional.empty();
        }
        Optional<String> file = binder.nonEmptyString(entry.value(), path);
        if (file.isPresent() && !FILE_PATH.matcher(file.get()).matches()) {
            binder.error(entry.value(), path, "expected a file path of letters, digits, '.', '_', '-' and '/', got "
                    + Binder.quote(file.get()));
            return Optional.empty();
        }
        return file.map(f -> Map.entry(Integer.parseInt(code), f));
    }

    private Optional<Balance> balance(MapReader c) {
        Optional<String> text = c.nonEmptyString("balance");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Balance balance = BALANCES.get(text.get().strip().toLowerCase(Locale.ROOT));
        if (balance == null) {
            binder.error(c.get("balance").orElseThrow(), c.pathOf("balance"),
                    "expected one of " + String.join(", ", CANONICAL_BALANCES) + ", got " + Binder.quote(text.get()),
                    DidYouMean.hint(text.get(), BALANCES.keySet()).orElse(null));
        }
        return Optional.ofNullable(balance);
    }

    private Optional<String> httpchk(MapReader c) {
        Optional<String> check = c.nonEmptyString("httpchk").map(String::strip);
        if (check.isPresent() && !HTTPCHK.matcher(check.get()).matches()) {
            binder.error(c.get("httpchk").orElseThrow(), c.pathOf("httpchk"),
                    "expected a path such as '/healthz' or 'METHOD PATH HTTP/VERSION' without quotes, ';', '#' or "
                            + "control characters, got " + Binder.quote(check.get()));
            return Optional.empty();
        }
        return check;
    }

    private Optional<String> statsUser(MapReader c) {
        Optional<String> user = c.nonEmptyString("haproxy_username");
        if (user.isPresent() && !STATS_USER.matcher(user.get()).matches()) {
            binder.error(c.get("haproxy_username").orElseThrow(), c.pathOf("haproxy_username"),
                    "expected a user name of letters, digits, '.', '_' and '-', got " + Binder.quote(user.get()));
            return Optional.empty();
        }
        return user;
    }

    private Optional<String> statsPassword(MapReader c) {
        Optional<String> password = c.nonEmptyString("haproxy_password");
        if (password.isPresent() && (!NetworkNames.isConfigSafe(password.get()) || password.get().contains(" "))) {
            // Never echo a password into a message.
            binder.error(c.get("haproxy_password").orElseThrow(), c.pathOf("haproxy_password"),
                    "expected a password without spaces, quotes, ';', '#', '$', braces or control characters");
            return Optional.empty();
        }
        return password;
    }
}
