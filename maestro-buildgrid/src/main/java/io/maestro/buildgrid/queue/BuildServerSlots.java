package io.maestro.buildgrid.queue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The build servers' worker slots: each server runs at most its own number of builds at once;
 * a build waiting for a slot gets, in arrival order, the least busy server (fewest running builds
 * for its slots, then by name). A server that could not be reached is passed over for a while
 * when another one has a free slot, so the next build goes elsewhere.
 *
 * <pre>{@code
 * slots.update(List.of(new BuildServer("b1", 2), new BuildServer("b2", 1)));
 * try (Slot slot = slots.acquire().orElseThrow()) { build on slot.server(); }
 * }</pre>
 */
public final class BuildServerSlots {

    /** A build server and how many builds it runs at once. */
    public record BuildServer(String name, int slots) {
        public BuildServer {
            if (slots < 1) {
                throw new IllegalArgumentException("build slots of " + name + ": expected 1 or more, found " + slots);
            }
        }
    }

    /** A taken slot; closing it gives it back. */
    public final class Slot implements AutoCloseable {
        private final String server;
        private boolean released;

        private Slot(String server) {
            this.server = server;
        }

        public String server() {
            return server;
        }

        @Override
        public void close() {
            synchronized (BuildServerSlots.this) {
                if (!released) {
                    released = true;
                    busy.merge(server, -1, Integer::sum);
                    BuildServerSlots.this.notifyAll();
                }
            }
        }
    }

    private final Duration unreachablePause;
    private final Map<String, Integer> capacity = new LinkedHashMap<>();
    private final Map<String, Integer> busy = new HashMap<>();
    private final Map<String, Long> unreachableUntil = new HashMap<>();
    private final Deque<Object> waiting = new ArrayDeque<>();

    /** @param unreachablePause how long a server that could not be reached is passed over while others are free */
    public BuildServerSlots(Duration unreachablePause) {
        this.unreachablePause = unreachablePause;
    }

    /** Sets the build servers (registered or removed since); running builds keep their slots. */
    public synchronized void update(List<BuildServer> servers) {
        capacity.clear();
        servers.stream().sorted(Comparator.comparing(BuildServer::name)).forEach(s -> capacity.put(s.name(), s.slots()));
        notifyAll();
    }

    public synchronized boolean isEmpty() {
        return capacity.isEmpty();
    }

    /** Running builds per server (servers with none included). */
    public synchronized Map<String, Integer> busy() {
        Map<String, Integer> result = new LinkedHashMap<>();
        capacity.keySet().forEach(name -> result.put(name, busy.getOrDefault(name, 0)));
        return result;
    }

    /**
     * Waits for a free slot, in arrival order, and takes it on the least busy server. Empty when
     * there are no build servers (any more): the build then runs on this host.
     */
    public Optional<Slot> acquire() throws InterruptedException {
        Object ticket = new Object();
        synchronized (this) {
            waiting.addLast(ticket);
            try {
                while (true) {
                    if (capacity.isEmpty()) {
                        return Optional.empty();
                    }
                    if (waiting.peekFirst() == ticket) {
                        Optional<String> server = leastBusy();
                        if (server.isPresent()) {
                            busy.merge(server.get(), 1, Integer::sum);
                            return Optional.of(new Slot(server.get()));
                        }
                    }
                    wait(1000); // also wakes up when an unreachable server's pause ends
                }
            } finally {
                waiting.remove(ticket);
                notifyAll();
            }
        }
    }

    /** The server could not be reached: pass it over for a while when others have free slots. */
    public synchronized void unreachable(String server) {
        unreachableUntil.put(server, System.nanoTime() + unreachablePause.toNanos());
        notifyAll();
    }

    /** The server answered again. */
    public synchronized void reachable(String server) {
        unreachableUntil.remove(server);
    }

    private Optional<String> leastBusy() {
        long now = System.nanoTime();
        Comparator<String> byLoad = Comparator.comparingDouble(name -> busy.getOrDefault(name, 0) / (double) capacity.get(name));
        List<String> free = capacity.keySet().stream().filter(name -> busy.getOrDefault(name, 0) < capacity.get(name)).toList();
        Optional<String> healthy = free.stream()
                .filter(name -> reachable(name, now))
                .min(byLoad.thenComparing(Comparator.naturalOrder()));
        if (healthy.isPresent()) {
            return healthy;
        }
        // Every free server was unreachable a moment ago: try again only when all of them are.
        boolean anyHealthyBusy = capacity.keySet().stream().anyMatch(name -> reachable(name, now));
        return anyHealthyBusy ? Optional.empty() : free.stream().min(byLoad.thenComparing(Comparator.naturalOrder()));
    }

    private boolean reachable(String name, long now) {
        Long until = unreachableUntil.get(name);
        return until == null || until - now <= 0;
    }
}
