package io.maestro.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on one published host port: each accepted connection is forwarded to one of the
 * current backends (the replicas' ports on 127.0.0.1), round robin, one virtual thread per
 * direction.
 *
 * <p>Why a proxy: two replicas cannot bind the same host port, and a rolling replace must move
 * traffic from old replicas to new ones without refusing a single connection. The backend list
 * is swapped atomically ({@link #route}); connections already open keep their backend until they
 * close, and {@link #activeConnections} tells when an old replica has drained. A backend that
 * refuses a connection (a replica restarting) is skipped and the next one tried before the
 * client sees anything, so one dying replica costs no failed request while another is ready.
 */
final class TcpProxy implements Relay {

    private static final int CONNECT_TIMEOUT_MILLIS = 2_000;

    private final ServerSocket server;
    private final String name;
    private volatile List<Integer> backends = List.of();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Integer, AtomicInteger> active = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean closed;

    private TcpProxy(ServerSocket server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Binds {@code address:port} and starts accepting.
     *
     * @throws LocalException when the port is taken (the message names it and the service)
     */
    static TcpProxy start(String name, String address, int port) {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 512);
        } catch (IOException e) {
            throw new LocalException(name + ": cannot listen on " + address + ":" + port + ": " + e.getMessage()
                    + " (hint: another process uses the port; choose another host port for the service)", e);
        }
        TcpProxy proxy = new TcpProxy(server, name);
        Thread.ofVirtual().name("proxy-" + name + "-" + port).start(proxy::acceptLoop);
        return proxy;
    }

    /** Sends new connections to these backend ports from now on. */
    @Override
    public void route(List<Integer> ports) {
        backends = List.copyOf(ports);
    }

    List<Integer> backends() {
        return backends;
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    /** Connections currently open to the backend port. */
    @Override
    public int activeConnections(int backendPort) {
        AtomicInteger count = active.get(backendPort);
        return count == null ? 0 : count.get();
    }

    /** Client connections closed because no backend accepted them. */
    long refusedConnections() {
        return refused.get();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // Closing a listening socket releases the port whatever the exception says.
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        List<Integer> candidates = backends;
        int start = Math.floorMod(next.getAndIncrement(), Math.max(1, candidates.size()));
        for (int i = 0; i < candidates.size(); i++) {
            int port = candidates.get((start + i) % candidates.size());
            Socket backend = new Socket();
            try {
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
            } catch (IOException e) {
                closeQuietly(backend);
                continue;
            }
            pipe(client, backend, port);
            return;
        }
        refused.incrementAndGet();
        closeQuietly(client);
    }

    private void pipe(Socket client, Socket backend, int port) {
        AtomicInteger count = active.computeIfAbsent(port, p -> new AtomicInteger());
        count.incrementAndGet();
        Thread upstream = Thread.ofVirtual().start(() -> copy(client, backend));
        try {
            copy(backend, client);
            // The backend has finished; give the client a moment to finish too, then close both.
            upstream.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(client);
            closeQuietly(backend);
            count.decrementAndGet();
        }
    }

    /** Copies until end of stream, then half-closes the other side so request/response protocols finish. */
    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (SocketException e) {
            // The other side closed: nothing more to copy in this direction.
            closeQuietly(to);
        } catch (IOException e) {
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the socket is unusable either way.
        }
    }
}
