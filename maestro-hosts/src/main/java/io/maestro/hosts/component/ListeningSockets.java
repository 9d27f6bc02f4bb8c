package io.maestro.hosts.component;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The TCP sockets listening on a Linux host, read from {@code /proc/net/tcp} and {@code /proc/net/tcp6}
 * (no tool needed on the host, and the same over SSH). Used to refuse a port another process holds
 * before anything is created, and to see that an instance listens.
 */
final class ListeningSockets {

    /** One listening socket: its local address and port. */
    record Listener(InetAddress address, int port) {}

    private static final String LISTEN_STATE = "0A";

    private final List<Listener> listeners;

    private ListeningSockets(List<Listener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    /** Parses the text of {@code /proc/net/tcp} and {@code /proc/net/tcp6} (either may be empty). */
    static ListeningSockets parse(String tcp, String tcp6) {
        List<Listener> result = new ArrayList<>();
        parseTable(tcp, result);
        parseTable(tcp6, result);
        return new ListeningSockets(result);
    }

    List<Listener> listeners() {
        return listeners;
    }

    /**
     * Whether a listener would keep an instance from binding {@code address:port}: one on the same
     * port at the same address, or where either side is a wildcard ({@code 0.0.0.0}, {@code ::}).
     */
    boolean conflictsWith(String address, int port) {
        InetAddress wanted = literal(address);
        return listeners.stream().anyMatch(l -> l.port() == port
                && (l.address().isAnyLocalAddress() || wanted.isAnyLocalAddress() || sameAddress(l.address(), wanted)));
    }

    /** Whether something listens exactly where an instance should (or on a wildcard covering it). */
    boolean listensOn(String address, int port) {
        return conflictsWith(address, port);
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return Arrays.equals(a.getAddress(), b.getAddress());
    }

    static InetAddress literal(String address) {
        try {
            // Only IP literals reach here (InstanceSpec checks), so no name lookup happens.
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + address, e);
        }
    }

    private static void parseTable(String table, List<Listener> into) {
        if (table == null) {
            return;
        }
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[0].endsWith(":") || !LISTEN_STATE.equals(fields[3])) {
                continue; // the header, or not a listening socket
            }
            String[] local = fields[1].split(":");
            if (local.length != 2) {
                continue;
            }
            try {
                into.add(new Listener(InetAddress.getByAddress(kernelOrder(local[0])), Integer.parseInt(local[1], 16)));
            } catch (UnknownHostException | IllegalArgumentException e) {
                // A line we do not understand is skipped: the kernel's format is stable, so this is noise.
            }
        }
    }

    /** The kernel prints each 32-bit word of the address in host (little-endian) order. */
    private static byte[] kernelOrder(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        byte[] result = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                result[word + i] = raw[word + 3 - i];
            }
        }
        return result;
    }
}
