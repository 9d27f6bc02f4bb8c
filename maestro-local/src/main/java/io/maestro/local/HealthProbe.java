package io.maestro.local;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a replica is ready, checked by Maestro rather than podman (see {@link PodSpecs} for
 * why): an {@code httpGet} probe is an HTTP/1.0 GET on the replica's backend port (ready on
 * 2xx/3xx), a {@code tcpSocket} probe a connect, an {@code exec} probe {@code podman exec}
 * (exit 0). A service without a probe is ready when its container runs and, when it has ports,
 * its first port accepts a connection.
 */
final class HealthProbe {

    private HealthProbe() {}

    static boolean ready(Podman podman, Optional<Probe> probe, String container, Map<Integer, Integer> backends,
            List<Integer> containerPorts) {
        if (probe.isEmpty()) {
            return containerPorts.isEmpty() ? running(podman, container)
                    : connects(backends.get(containerPorts.get(0)));
        }
        Probe p = probe.get();
        int timeoutMillis = (p.getTimeoutSeconds() == null ? 1 : p.getTimeoutSeconds()) * 1000;
        if (p.getHttpGet() != null) {
            Integer port = backendPort(p.getHttpGet().getPort(), backends, containerPorts);
            return port != null && httpOk(port, p.getHttpGet().getPath(), timeoutMillis);
        }
        if (p.getTcpSocket() != null) {
            Integer port = backendPort(p.getTcpSocket().getPort(), backends, containerPorts);
            return port != null && connects(port);
        }
        if (p.getExec() != null) {
            List<String> args = new java.util.ArrayList<>(List.of("exec", container));
            args.addAll(p.getExec().getCommand());
            return podman.tryRun(args).succeeded();
        }
        return running(podman, container);
    }

    static boolean running(Podman podman, String container) {
        var result = podman.tryRun(List.of("container", "inspect", "--format", "{{.State.Running}}", container));
        return result.succeeded() && result.stdout().strip().equals("true");
    }

    private static Integer backendPort(IntOrString port, Map<Integer, Integer> backends, List<Integer> containerPorts) {
        if (port == null || port.getIntVal() == null) {
            return containerPorts.isEmpty() ? null : backends.get(containerPorts.get(0));
        }
        return backends.get(port.getIntVal());
    }

    static boolean connects(Integer port) {
        if (port == null) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean httpOk(int port, String path, int timeoutMillis) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            String target = path == null || path.isEmpty() ? "/" : path;
            out.write(("GET " + target + " HTTP/1.0\r\nHost: localhost\r\nUser-Agent: maestro-health\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String status = new String(head, StandardCharsets.US_ASCII);
            // "HTTP/1.x NNN"
            return status.length() == 12 && status.startsWith("HTTP/") && (status.charAt(9) == '2' || status.charAt(9) == '3');
        } catch (IOException e) {
            return false;
        }
    }
}
