package io.maestro.server;

import io.maestro.store.MaestroHome;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the control plane in the foreground: {@code ServerMain [--port N] [--database-url URL]}.
 * State lives under {@code MAESTRO_HOME} (default {@code ~/.maestro}); the server stops on
 * SIGTERM / Ctrl-C.
 */
public final class ServerMain {

    /** The port when none is given. */
    public static final int DEFAULT_PORT = 8080;

    private ServerMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = DEFAULT_PORT;
        String databaseUrl = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--port") || arg.equals("--database-url")) && i + 1 >= args.length) {
                usage("option " + arg + " expects a value, got none");
            } else if (arg.equals("--port")) {
                String value = args[++i];
                try {
                    port = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    usage("--port: expected a port number between 0 and 65535, got '" + value + "'");
                }
            } else if (arg.equals("--database-url")) {
                databaseUrl = args[++i];
            } else {
                usage("unknown option '" + arg + "'");
            }
        }
        MaestroServer server = MaestroServer.start(
                new ServerConfig(port, MaestroHome.resolve(System.getenv()), databaseUrl));
        System.out.println("maestro control plane listening on port " + server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "maestro-shutdown"));
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println("maestro server: " + problem);
        System.err.println("usage: maestro server [--port N] [--database-url URL]");
        System.exit(2);
    }
}
