package io.maestro.hosts.lb;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP backend on 127.0.0.1: answers every path with its name and the forwarding headers it
 * received, one per line; can be stopped and started again on the same port.
 */
final class TestBackend implements AutoCloseable {

    private final String name;
    private final int port;
    private HttpServer server;

    TestBackend(String name, int port) {
        this.name = name;
        this.port = port;
        start();
    }

    static TestBackend start(String name) {
        return new TestBackend(name, FreePorts.tcp());
    }

    void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            var h = exchange.getRequestHeaders();
            String body = "backend=" + name + "\n"
                    + "xff=" + h.getFirst("X-Forwarded-For") + "\n"
                    + "proto=" + h.getFirst("X-Forwarded-Proto") + "\n"
                    + "fhost=" + h.getFirst("X-Forwarded-Host") + "\n"
                    + "host=" + h.getFirst("Host") + "\n";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
            } else {
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    void stop() {
        server.stop(0);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
