package io.maestro.model.manifest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code docker.configuration}: typed fields for what Maestro acts on; the remaining documented
 * keys (cloud placement, identity) kept as text in {@code other}.
 *
 * @param kubernetesVersion version for new nodes, or null
 * @param imageKeepCount old images kept per server (default 2)
 * @param nameservers DNS servers
 * @param networkMode {@code private} or {@code public}, or null
 * @param createWebRules automatic web firewall rules (default true)
 * @param activeProtectWhitelist IPs exempt from rate limiting
 * @param httpBanRate requests per minute per IP before a ban (default 2000)
 * @param cors CORS settings for the generated proxy config, or null when off
 * @param dedicatedMaster (extension) masters run no workloads; null means shared (the default)
 * @param ingressClass (extension) Ingress class for http/https services, or null for the cluster default
 * @param customLogFiles extra log globs
 * @param other remaining documented keys, as written (dotted paths for nested ones)
 */
public record DockerConfiguration(
        String kubernetesVersion,
        int imageKeepCount,
        List<String> nameservers,
        String networkMode,
        boolean createWebRules,
        List<String> activeProtectWhitelist,
        int httpBanRate,
        Cors cors,
        Boolean dedicatedMaster,
        String ingressClass,
        List<String> customLogFiles,
        Map<String, String> other) {

    public static final int DEFAULT_IMAGE_KEEP_COUNT = 2;
    public static final int DEFAULT_HTTP_BAN_RATE = 2000;

    public static final DockerConfiguration DEFAULTS = new DockerConfiguration(null, DEFAULT_IMAGE_KEEP_COUNT,
            List.of(), null, true, List.of(), DEFAULT_HTTP_BAN_RATE, null, null, null, List.of(), Map.of());

    public DockerConfiguration {
        nameservers = List.copyOf(nameservers);
        activeProtectWhitelist = List.copyOf(activeProtectWhitelist);
        customLogFiles = List.copyOf(customLogFiles);
        other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
    }

    /**
     * {@code nginx.cors}: {@code true} (allow any origin) or explicit settings.
     *
     * @param origin allowed origin ({@code *} by default)
     * @param methods allowed methods
     * @param headers allowed headers, or null
     * @param credentials whether credentials are allowed
     */
    public record Cors(String origin, String methods, String headers, boolean credentials) {
        public static final Cors ALLOW_ALL = new Cors("*", "GET, POST, OPTIONS", null, false);
    }
}
