package io.maestro.store.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.StoreException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Instant;

class BuildMinutesDaoIT {

    private static final Instant MAY = Instant.parse("2026-05-01T00:00:00Z");
    private static final Instant JUNE = Instant.parse("2026-06-01T00:00:00Z");

    @OnBothDatabases
    void totalsCountOnlyTheAccountsEntriesInsideTheHalfOpenRange(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String account = "minutes-range-" + db.dialect();
        store.buildMinutes().record(account, "b1", "build", MAY, 90);
        store.buildMinutes().record(account, "b2", "retag", JUNE.minusMillis(1), 30);
        store.buildMinutes().record(account, "b3", "build", JUNE, 1000);
        store.buildMinutes().record(account, "b0", "build", MAY.minusSeconds(1), 1000);
        store.buildMinutes().record("someone-else-" + db.dialect(), "b1", "build", MAY.plusSeconds(5), 1000);

        assertThat(store.buildMinutes().totalSeconds(account, MAY, JUNE)).isEqualTo(120);
        assertThat(store.buildMinutes().between(account, MAY, JUNE))
                .extracting(BuildMinutesEntry::buildId, BuildMinutesEntry::kind, BuildMinutesEntry::finishedAt)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b1", "build", MAY),
                        org.assertj.core.groups.Tuple.tuple("b2", "retag", JUNE.minusMillis(1)));
        assertThat(store.buildMinutes().totalSeconds("nobody-" + db.dialect(), MAY, JUNE)).isZero();
    }

    @OnBothDatabases
    void aBuildIsMeteredOnceTheFirstRecordStands(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String account = "minutes-once-" + db.dialect();

        assertThat(store.buildMinutes().record(account, "b1", "build", MAY, 60)).isPresent();
        assertThat(store.buildMinutes().record(account, "b1", "build", MAY.plusSeconds(9), 600)).isEmpty();

        assertThat(store.buildMinutes().totalSeconds(account, MAY, JUNE)).isEqualTo(60);
    }

    @OnBothDatabases
    void negativeTimeAndUnknownKindsAreRefusedByTheSchema(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String account = "minutes-checks-" + db.dialect();

        assertThatThrownBy(() -> store.buildMinutes().record(account, "b1", "build", MAY, -1)).isInstanceOf(StoreException.class);
        assertThatThrownBy(() -> store.buildMinutes().record(account, "b2", "deploy", MAY, 1)).isInstanceOf(StoreException.class);
        assertThat(store.buildMinutes().between(account, MAY, JUNE)).isEmpty();
    }
}
