package io.maestro.server.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.maestro.hosts.facts.DiskUsage;
import io.maestro.hosts.facts.HostFacts;
import io.maestro.hosts.facts.InstalledPackages;
import io.maestro.hosts.facts.OsRelease;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** {@link HostFacts} as the JSON stored with a server and answered by the API. */
final class FactsJson {

    private FactsJson() {
    }

    static ObjectNode write(ObjectMapper json, HostFacts facts, boolean withPackages) {
        ObjectNode node = json.createObjectNode();
        node.put("hostname", facts.hostname());
        ObjectNode os = node.putObject("os");
        os.put("id", facts.os().id());
        os.put("versionId", facts.os().versionId());
        os.put("prettyName", facts.os().prettyName());
        os.put("idLike", facts.os().idLike());
        node.put("kernel", facts.kernel());
        node.put("architecture", facts.architecture());
        node.put("cores", facts.cores());
        node.put("memoryBytes", facts.memoryBytes());
        ObjectNode disk = node.putObject("disk");
        disk.put("mountPoint", facts.disk().mountPoint());
        disk.put("totalBytes", facts.disk().totalBytes());
        disk.put("usedBytes", facts.disk().usedBytes());
        disk.put("availableBytes", facts.disk().availableBytes());
        node.put("packageManager", facts.packages().manager());
        node.put("packageCount", facts.packages().versions().size());
        if (withPackages) {
            ObjectNode packages = node.putObject("packages");
            facts.packages().versions().forEach(packages::put);
        }
        node.put("gatheredAt", facts.gatheredAt().toString());
        return node;
    }

    static HostFacts read(JsonNode node) {
        JsonNode os = node.path("os");
        JsonNode disk = node.path("disk");
        Map<String, String> packages = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.path("packages").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            packages.put(entry.getKey(), entry.getValue().asText());
        }
        return new HostFacts(node.path("hostname").asText(),
                new OsRelease(os.path("id").asText(), os.path("versionId").asText(), os.path("prettyName").asText(),
                        os.path("idLike").asText()),
                node.path("kernel").asText(), node.path("architecture").asText(), node.path("cores").asInt(),
                node.path("memoryBytes").asLong(),
                new DiskUsage(disk.path("mountPoint").asText(), disk.path("totalBytes").asLong(),
                        disk.path("usedBytes").asLong(), disk.path("availableBytes").asLong()),
                new InstalledPackages(node.path("packageManager").asText("none"), new TreeMap<>(packages)),
                Instant.parse(node.path("gatheredAt").asText(Instant.EPOCH.toString())));
    }
}
