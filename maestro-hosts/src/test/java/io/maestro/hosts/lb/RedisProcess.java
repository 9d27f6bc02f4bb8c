package io.maestro.hosts.lb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** A throw-away redis-server on a free loopback port (no persistence), stopped by {@link #close()}. */
final class RedisProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    RedisProcess(Path dir) {
        port = FreePorts.tcp();
        try {
            process = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", dir.toString()))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("redis-server could not start (Debian package redis-server)", e);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try {
                if (command(port, "PING").startsWith("+PONG")) {
                    return;
                }
            } catch (UncheckedIOException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    int port() {
        return port;
    }

    /** Sends one inline command and returns the first reply line. */
    static String command(int port, String line) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                reply.append((char) c);
            }
            return reply.toString().strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
