package io.maestro.hosts.lb;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.plan.lb.LoadBalancerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** HAProxy from Debian, daemon mode with its own prefix, loopback. Health checks are active (httpchk). */
class HaproxyLoadBalancerIT extends LoadBalancerITBase {

    @Override
    LoadBalancerSpec.Engine engine() {
        return LoadBalancerSpec.Engine.HAPROXY;
    }

    @Test
    void theUsersCustomFileIsLoadedAndSurvivesRegeneration() throws IOException {
        int port = FreePorts.tcp();
        Path custom = Path.of(files.customHaproxyDir(), "50-custom.cfg");
        String text = "frontend custom_hello\n    mode http\n    bind 127.0.0.1:" + port + "\n"
                + "    http-request return status 200 content-type text/plain string custom\n";
        Files.writeString(custom, text);
        try {
            lb.apply(spec);
            assertThat(RawHttp.get(port, "any", "/").body()).isEqualTo("custom");
            lb.apply(plan(true));
            assertThat(Files.readString(custom)).isEqualTo(text);
            assertThat(RawHttp.get(port, "any", "/").body()).isEqualTo("custom");
        } finally {
            Files.delete(custom);
            lb.apply(spec);
        }
    }
}
