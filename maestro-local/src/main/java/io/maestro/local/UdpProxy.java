package io.maestro.local;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A UDP relay on one published host port: the {@code udp} mapping of service.yml. Each client
 * (source address and port) gets a session: a socket connected to one replica's loopback port,
 * chosen round robin, that carries the client's datagrams there and the replica's answers back
 * from the published port.
 *
 * <p>Why a relay and not podman's {@code hostPort}: like TCP, two replicas cannot bind the same
 * host port, and a rolling replace must move the traffic to the new replicas. UDP has no
 * connection to drain: after {@link #route} a session whose replica left the list moves to a
 * current one with the client's next datagram. A session idle for {@link #IDLE_MILLIS} is closed.
 */
final class UdpProxy implements Relay {

    static final int IDLE_MILLIS = 60_000;
    private static final int MAX_DATAGRAM = 65_535;

    private final DatagramSocket server;
    private final String name;
    private volatile List<Integer> backends = List.of();
    private final AtomicInteger next = new AtomicInteger();
    private final Map<SocketAddress, Session> sessions = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One client's path to one replica. */
    private record Session(DatagramSocket upstream, int backend, long[] lastUsed) {}

    private UdpProxy(DatagramSocket server, String name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Binds {@code address:port} (UDP) and starts relaying.
     *
     * @throws LocalException when the port is taken (the message names it and the service)
     */
    static UdpProxy start(String name, String address, int port) {
        DatagramSocket server;
        try {
            server = new DatagramSocket(null);
            server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        } catch (IOException e) {
            throw new LocalException(name + ": cannot listen on " + address + ":" + port + "/udp: " + e.getMessage()
                    + " (hint: another process uses the port; choose another host port for the service)", e);
        }
        UdpProxy proxy = new UdpProxy(server, name);
        Thread.ofVirtual().name("udp-proxy-" + name + "-" + port).start(proxy::receiveLoop);
        return proxy;
    }

    @Override
    public void route(List<Integer> ports) {
        backends = List.copyOf(ports);
    }

    @Override
    public int port() {
        return server.getLocalPort();
    }

    /** Datagrams hold no connection: nothing to wait for before a replica stops. */
    @Override
    public int activeConnections(int backendPort) {
        return 0;
    }

    @Override
    public void close() {
        closed = true;
        server.close();
        sessions.values().forEach(s -> s.upstream().close());
        sessions.clear();
    }

    private void receiveLoop() {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!closed) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                server.receive(packet);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            SocketAddress client = packet.getSocketAddress();
            Session session = sessionFor(client);
            if (session == null) {
                continue;   // no ready replica: the datagram is dropped, as a network would
            }
            try {
                session.lastUsed()[0] = System.currentTimeMillis();
                session.upstream().send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength()));
            } catch (IOException e) {
                // The replica is gone (ICMP port unreachable): forget the session, the next datagram picks another.
                drop(client, session);
            }
        }
    }

    private Session sessionFor(SocketAddress client) {
        List<Integer> current = backends;
        Session existing = sessions.get(client);
        if (existing != null && current.contains(existing.backend())) {
            return existing;
        }
        if (existing != null) {
            drop(client, existing);
        }
        if (current.isEmpty()) {
            return null;
        }
        int backend = current.get(Math.floorMod(next.getAndIncrement(), current.size()));
        try {
            DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backend));
            upstream.setSoTimeout(IDLE_MILLIS / 4);
            Session session = new Session(upstream, backend, new long[] {System.currentTimeMillis()});
            sessions.put(client, session);
            Thread.ofVirtual().name("udp-proxy-" + name + "-reply").start(() -> replyLoop(client, session));
            return session;
        } catch (SocketException e) {
            return null;
        }
    }

    /** Carries the replica's answers back to the client, from the published port. */
    private void replyLoop(SocketAddress client, Session session) {
        byte[] buffer = new byte[MAX_DATAGRAM];
        while (!closed && !session.upstream().isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                session.upstream().receive(packet);
                session.lastUsed()[0] = System.currentTimeMillis();
                server.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), client));
            } catch (SocketTimeoutException idle) {
                if (System.currentTimeMillis() - session.lastUsed()[0] > IDLE_MILLIS) {
                    drop(client, session);
                }
            } catch (IOException e) {
                drop(client, session);
            }
        }
    }

    private void drop(SocketAddress client, Session session) {
        sessions.remove(client, session);
        session.upstream().close();
    }

    /** How many clients have a session now (tests). */
    int sessions() {
        return sessions.size();
    }
}
