package io.maestro.hosts.lb;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection that sends GETs one after the other, and behaves as HTTP
 * clients do when a server closes an idle kept-alive connection (RFC 9112 §9.3.1, RFC 9110
 * §9.2.2): a GET sent on a <em>reused</em> connection that closes before any byte of the
 * response arrives is sent again, once, on a new connection. Anything else is a failure: a
 * close after response bytes, a close on a fresh connection, a second close, a bad status.
 *
 * <p>{@link #retried()} counts the resent requests, so a test sees how often the race happened.
 */
final class KeepAliveClient implements AutoCloseable {

    /** The request could not be completed as a client would: no retry applies or it failed too. */
    static final class Failure extends Exception {
        Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final int port;
    private final String host;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int usedRequests;
    private long retried;

    KeepAliveClient(int port, String host) {
        this.port = port;
        this.host = host;
    }

    long retried() {
        return retried;
    }

    /** GET {@code path}; returns the status. */
    int get(String path) throws Failure {
        boolean reused = socket != null && usedRequests > 0;
        try {
            return exchange(path);
        } catch (ClosedBeforeResponse e) {
            if (!reused) {
                throw new Failure("a new connection closed before any response byte", e);
            }
            // The server closed the idle connection as our request went out: resend on a new one.
            retried++;
            disconnect();
            try {
                return exchange(path);
            } catch (IOException again) {
                throw new Failure("the retried request failed too: " + again, again);
            }
        } catch (IOException e) {
            disconnect();
            throw new Failure("the connection failed after response bytes: " + e, e);
        }
    }

    private int exchange(String path) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            usedRequests = 0;
        }
        try {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            disconnect();
            throw new ClosedBeforeResponse(e);
        }
        int first;
        try {
            first = in.read();
        } catch (IOException e) {
            // A reset before the first byte: the request was not answered.
            disconnect();
            throw new ClosedBeforeResponse(e);
        }
        if (first < 0) {
            disconnect();
            throw new ClosedBeforeResponse(null);
        }
        usedRequests++;
        String statusLine = (char) first + line();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        int length = -1;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).strip());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (length < 0) {
            throw new IOException("expected a Content-Length response, got none");
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("the body ended after " + body.length + " of " + length + " bytes");
        }
        if (close) {
            disconnect();
        }
        return status;
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed in the middle of the response head");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Closing a broken connection: nothing to report.
            }
        }
        socket = null;
    }

    @Override
    public void close() {
        disconnect();
    }

    /** The connection closed (or reset) before any byte of the response. */
    private static final class ClosedBeforeResponse extends IOException {
        ClosedBeforeResponse(IOException cause) {
            super("closed before any response byte", cause);
        }
    }
}
