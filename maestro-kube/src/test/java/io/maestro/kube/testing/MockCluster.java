package io.maestro.kube.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Duration;
import java.util.HashMap;

/**
 * An in-process Kubernetes API: fabric8's mock server in CRUD mode behind an
 * {@link ApiServerEmulator}, and a client for it. Close it after each test.
 *
 * <p>The client retries 5xx answers twice, 20 ms apart (fabric8 defaults to ten retries with
 * exponential backoff, which would make fault tests slow), and gives up on a request after
 * {@code requestTimeout}.
 */
public final class MockCluster implements AutoCloseable {

    private final ApiServerEmulator emulator;
    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockCluster(Duration requestTimeout) {
        emulator = new ApiServerEmulator();
        server = new KubernetesMockServer(new Context(new ObjectMapper()), new MockWebServer(),
                new HashMap<>(), emulator, false);
        server.init();
        client = server.createClient(builder -> builder.editOrNewConfig()
                .withRequestRetryBackoffLimit(2)
                .withRequestRetryBackoffInterval(20)
                .withRequestTimeout((int) requestTimeout.toMillis())
                .endConfig());
    }

    public static MockCluster start() {
        return new MockCluster(Duration.ofSeconds(10));
    }

    public static MockCluster start(Duration requestTimeout) {
        return new MockCluster(requestTimeout);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, e.g. {@code http://localhost:41234/}. */
    public String url() {
        return server.url("/");
    }

    public ApiServerEmulator api() {
        return emulator;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
