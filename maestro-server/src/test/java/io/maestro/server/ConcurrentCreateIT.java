package io.maestro.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.store.auth.Role;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many clients creating applications at once on SQLite (the default store): every create answers
 * 201, or 409 for a name another client took first; never 500.
 */
class ConcurrentCreateIT {

    private static final int THREADS = 32;
    private static final int CREATES_PER_THREAD = 50;

    @TempDir
    Path home;

    @Test
    void concurrentCreatesOnSqliteAnswerCreatedOrConflictNeverAServerError() throws Exception {
        try (TestServer server = TestServer.start(home)) {
            // Two tokens (two users), so token bookkeeping writes race as well.
            String[] tokens = {server.adminToken, server.tokenFor("dora", Role.DEPLOYER)};
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int i = 0; i < CREATES_PER_THREAD; i++) {
                        // Threads t and t + THREADS/2 create the same names at about the same time.
                        String name = "race-" + ((thread % (THREADS / 2)) * CREATES_PER_THREAD + i);
                        TestServer.Response response = server.post("/api/v1/apps", tokens[thread % 2],
                                TestServer.app(name, Fixtures.SERVICE_YML, null, "v1"));
                        statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (response.status() != 201 && response.status() != 409) {
                            unexpected.add(name + ": " + response.status() + " " + response.body());
                        }
                    }
                }));
            }
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }

            int distinct = THREADS / 2 * CREATES_PER_THREAD;
            assertThat(unexpected).as("answers other than 201/409, by status " + statuses).isEmpty();
            assertThat(statuses.get(201).get()).isEqualTo(distinct);
            assertThat(statuses.get(409).get()).isEqualTo(THREADS * CREATES_PER_THREAD - distinct);
            assertThat(server.server.store().applications().list()).hasSize(distinct)
                    .allSatisfy(app -> assertThat(app.latestVersion()).isEqualTo(1));
        }
    }
}
