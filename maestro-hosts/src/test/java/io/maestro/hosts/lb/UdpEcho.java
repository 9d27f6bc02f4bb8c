package io.maestro.hosts.lb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;

/** Echoes every UDP datagram back to its sender, prefixed with {@code echo:}. */
final class UdpEcho implements AutoCloseable {

    private final DatagramSocket socket;

    UdpEcho() {
        try {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
        Thread.ofVirtual().start(this::serve);
    }

    private void serve() {
        byte[] buffer = new byte[2048];
        while (!socket.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                socket.receive(in);
                byte[] reply = ("echo:" + new String(in.getData(), 0, in.getLength())).getBytes();
                socket.send(new DatagramPacket(reply, reply.length, in.getSocketAddress()));
            } catch (IOException e) {
                return;
            }
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    /** Sends {@code text} to {@code port} on loopback and returns the answer. */
    static String ask(int port, String text) {
        try (DatagramSocket client = new DatagramSocket()) {
            client.setSoTimeout(5000);
            byte[] bytes = text.getBytes();
            client.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            byte[] buffer = new byte[2048];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            client.receive(reply);
            return new String(reply.getData(), 0, reply.getLength());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
