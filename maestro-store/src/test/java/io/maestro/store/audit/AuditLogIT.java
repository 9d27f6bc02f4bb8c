package io.maestro.store.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.Dialect;
import io.maestro.store.db.StoreException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Duration;
import java.util.List;

class AuditLogIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void recordsWhoDidWhatWhenAndFromWhere(TestDatabase db) {
        Store store = db.store(clock);

        AuditEntry entry = store.audit().record(new Actor("alice", "192.0.2.7"), "application.create", "audit-shop", "created");

        assertThat(entry.at()).isEqualTo(MutableClock.START);
        assertThat(entry.actor()).isEqualTo("alice");
        assertThat(entry.sourceAddress()).isEqualTo("192.0.2.7");
        assertThat(store.audit().forTarget("audit-shop", 10)).containsExactly(entry);
    }

    @OnBothDatabases
    void listsEntriesNewestFirst(TestDatabase db) {
        Store store = db.store(clock);
        for (int i = 1; i <= 3; i++) {
            store.audit().record(Actor.system(), "deployment.fail", "audit-ordered", "attempt " + i);
            clock.advance(Duration.ofSeconds(1));
        }

        List<AuditEntry> entries = store.audit().forTarget("audit-ordered", 2);

        assertThat(entries).extracting(AuditEntry::detail).containsExactly("attempt 3", "attempt 2");
        assertThat(entries.getFirst().sourceAddress()).isNull();
        assertThat(store.audit().recent(1)).extracting(AuditEntry::detail).containsExactly("attempt 3");
    }

    @OnBothDatabases
    void refusesToUpdateOrDeleteEntries(TestDatabase db) {
        Store store = db.store(clock);
        store.audit().record(new Actor("alice", null), "user.create", "audit-immutable", "created bob");

        assertThatThrownBy(() -> db.database().withHandle(h ->
                h.execute("UPDATE audit_log SET actor = 'mallory' WHERE target = 'audit-immutable'")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("audit_log is append-only");
        assertThatThrownBy(() -> db.database().withHandle(h ->
                h.execute("DELETE FROM audit_log WHERE target = 'audit-immutable'")))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("audit_log is append-only");
        if (db.dialect() == Dialect.POSTGRESQL) {
            assertThatThrownBy(() -> db.database().withHandle(h -> h.execute("TRUNCATE audit_log")))
                    .hasMessageContaining("audit_log is append-only");
        }

        assertThat(store.audit().forTarget("audit-immutable", 10)).singleElement()
                .extracting(AuditEntry::actor).isEqualTo("alice");
    }

    @OnBothDatabases
    void anEntryWrittenInATransactionRollsBackWithIt(TestDatabase db) {
        Store store = db.store(clock);

        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.audit().record(Actor.system(), "application.delete", "audit-rolled-back", "deleted");
            throw new IllegalStateException("the change failed");
        })).hasMessage("the change failed");

        assertThat(store.audit().forTarget("audit-rolled-back", 10)).isEmpty();
    }
}
