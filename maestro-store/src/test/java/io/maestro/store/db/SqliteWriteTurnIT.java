package io.maestro.store.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite a transaction of this process waits for its turn instead of failing with
 * {@code SQLITE_BUSY} when another one holds the write lock longer than the busy timeout.
 */
class SqliteWriteTurnIT {

    @TempDir
    Path dir;

    @Test
    void aTransactionWaitsForALongerOneInsteadOfFailingBusy() throws Exception {
        try (Database db = Database.sqlite(dir.resolve("maestro.db"))) {
            db.useTransaction(h -> h.execute("CREATE TABLE turns (who TEXT NOT NULL)"));
            CountDownLatch holding = new CountDownLatch(1);
            CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> db.useTransaction(h -> {
                h.execute("INSERT INTO turns (who) VALUES ('slow')");
                holding.countDown();
                try {
                    // Longer than SQLite's busy timeout: a second writer polling SQLite would give up.
                    Thread.sleep(Database.SQLITE_BUSY_TIMEOUT_MILLIS + 1_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(holding.await(30, TimeUnit.SECONDS)).isTrue();

            db.useTransaction(h -> h.execute("INSERT INTO turns (who) VALUES ('second')"));

            slow.get(60, TimeUnit.SECONDS);
            java.util.List<String> turns = db.withHandle(h -> h.createQuery("SELECT who FROM turns ORDER BY rowid")
                    .mapTo(String.class).list());
            assertThat(turns).containsExactly("slow", "second");
        }
    }
}
