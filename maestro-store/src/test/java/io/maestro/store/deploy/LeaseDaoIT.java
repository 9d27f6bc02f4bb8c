package io.maestro.store.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.audit.Actor;
import io.maestro.store.audit.AuditEntry;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.Concurrently;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

class LeaseDaoIT {

    private static final Duration TTL = Duration.ofMinutes(2);

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void aFreeLeaseIsAcquiredUntilItsExpiry(TestDatabase db) {
        Store store = withApplication(db, "lease-free");

        Optional<Lease> lease = store.leases().tryAcquire("lease-free", "production", "deploy-1", TTL);

        assertThat(lease).contains(new Lease("lease-free", "production", "deploy-1",
                MutableClock.START, MutableClock.START.plus(TTL)));
        assertThat(store.leases().find("lease-free", "production")).isEqualTo(lease);
    }

    @OnBothDatabases
    void aHeldLeaseIsNotGivenToAnotherHolder(TestDatabase db) {
        Store store = withApplication(db, "lease-held");
        store.leases().tryAcquire("lease-held", "production", "deploy-1", TTL);
        clock.advance(TTL.minusMillis(1));

        assertThat(store.leases().tryAcquire("lease-held", "production", "deploy-2", TTL)).isEmpty();
        assertThat(store.leases().find("lease-held", "production")).map(Lease::holder).contains("deploy-1");
    }

    @OnBothDatabases
    void environmentsHaveSeparateLeases(TestDatabase db) {
        Store store = withApplication(db, "lease-envs");
        store.leases().tryAcquire("lease-envs", "production", "deploy-1", TTL);

        assertThat(store.leases().tryAcquire("lease-envs", "staging", "deploy-2", TTL)).isPresent();
    }

    @OnBothDatabases
    void anExpiredLeaseIsTakenOver(TestDatabase db) {
        Store store = withApplication(db, "lease-expired");
        store.leases().tryAcquire("lease-expired", "production", "crashed", TTL);
        clock.advance(TTL);

        Optional<Lease> taken = store.leases().tryAcquire("lease-expired", "production", "deploy-2", TTL);

        assertThat(taken).map(Lease::holder).contains("deploy-2");
        assertThat(taken).map(Lease::acquiredAt).contains(MutableClock.START.plus(TTL));
        assertThat(store.leases().renew("lease-expired", "production", "crashed", TTL)).isEmpty();
        assertThat(store.leases().release("lease-expired", "production", "crashed")).isFalse();
    }

    @OnBothDatabases
    void theHolderReacquiringExtendsItsLeaseAndKeepsItsStart(TestDatabase db) {
        Store store = withApplication(db, "lease-again");
        store.leases().tryAcquire("lease-again", "production", "deploy-1", TTL);
        clock.advance(Duration.ofMinutes(1));

        Optional<Lease> again = store.leases().tryAcquire("lease-again", "production", "deploy-1", TTL);

        assertThat(again).map(Lease::acquiredAt).contains(MutableClock.START);
        assertThat(again).map(Lease::expiresAt).contains(MutableClock.START.plus(Duration.ofMinutes(1)).plus(TTL));
    }

    @OnBothDatabases
    void renewingExtendsOnlyTheHoldersLease(TestDatabase db) {
        Store store = withApplication(db, "lease-renew");
        store.leases().tryAcquire("lease-renew", "production", "deploy-1", TTL);
        clock.advance(Duration.ofSeconds(90));

        Optional<Lease> renewed = store.leases().renew("lease-renew", "production", "deploy-1", TTL);

        assertThat(renewed).map(Lease::expiresAt).contains(MutableClock.START.plusSeconds(90).plus(TTL));
        assertThat(store.leases().renew("lease-renew", "production", "intruder", TTL)).isEmpty();
        clock.advance(Duration.ofSeconds(90));
        assertThat(store.leases().tryAcquire("lease-renew", "production", "deploy-2", TTL)).isEmpty();
    }

    @OnBothDatabases
    void releasingFreesTheLeaseForTheNextDeployment(TestDatabase db) {
        Store store = withApplication(db, "lease-release");
        store.leases().tryAcquire("lease-release", "production", "deploy-1", TTL);

        assertThat(store.leases().release("lease-release", "production", "deploy-2")).isFalse();
        assertThat(store.leases().release("lease-release", "production", "deploy-1")).isTrue();

        assertThat(store.leases().find("lease-release", "production")).isEmpty();
        assertThat(store.leases().tryAcquire("lease-release", "production", "deploy-2", TTL)).isPresent();
    }

    @OnBothDatabases
    void forceReleaseRemovesAnyonesLeaseAndAuditsIt(TestDatabase db) {
        Store store = withApplication(db, "lease-forced");
        store.leases().tryAcquire("lease-forced", "production", "stuck-deploy", TTL);

        Optional<Lease> removed = store.leases().forceRelease("lease-forced", "production", new Actor("admin", "198.51.100.4"));

        assertThat(removed).map(Lease::holder).contains("stuck-deploy");
        assertThat(store.leases().find("lease-forced", "production")).isEmpty();
        List<AuditEntry> audit = store.audit().forTarget("lease-forced/production", 10);
        assertThat(audit).singleElement().satisfies(entry -> {
            assertThat(entry.action()).isEqualTo(LeaseDao.FORCE_RELEASE_ACTION);
            assertThat(entry.actor()).isEqualTo("admin");
            assertThat(entry.sourceAddress()).isEqualTo("198.51.100.4");
            assertThat(entry.detail()).contains("stuck-deploy").contains("valid until");
        });
    }

    @OnBothDatabases
    void forceReleasingNoLeaseChangesAndAuditsNothing(TestDatabase db) {
        Store store = withApplication(db, "lease-none");

        assertThat(store.leases().forceRelease("lease-none", "production", new Actor("admin", null))).isEmpty();
        assertThat(store.audit().forTarget("lease-none/production", 10)).isEmpty();
    }

    @OnBothDatabases
    void aLeaseOfAMissingApplicationIsRefused(TestDatabase db) {
        assertThatThrownBy(() -> db.store(clock).leases().tryAcquire("ghost", "production", "deploy-1", TTL))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no application named 'ghost'");
        assertThatThrownBy(() -> db.store(clock).leases().tryAcquire("ghost", "production", "deploy-1", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @OnBothDatabases
    void exactlyOneOfManyRacingHoldersWinsAFreeLease(TestDatabase db) {
        Store store = withApplication(db, "lease-race", Clock.systemUTC());

        List<Boolean> won = Concurrently.run(16, i -> () ->
                store.leases().tryAcquire("lease-race", "production", "racer-" + i, TTL).isPresent());

        assertThat(won).containsOnlyOnce(true);
        int winner = won.indexOf(true);
        assertThat(store.leases().find("lease-race", "production")).map(Lease::holder).contains("racer-" + winner);
    }

    @OnBothDatabases
    void exactlyOneOfManyRacingHoldersTakesOverAnExpiredLease(TestDatabase db) {
        Store store = withApplication(db, "lease-race-expired");
        store.leases().tryAcquire("lease-race-expired", "production", "crashed", TTL);
        clock.advance(TTL.plusSeconds(1));

        List<Boolean> won = Concurrently.run(16, i -> () ->
                store.leases().tryAcquire("lease-race-expired", "production", "racer-" + i, TTL).isPresent());

        assertThat(won).containsOnlyOnce(true);
    }

    private Store withApplication(TestDatabase db, String name) {
        return withApplication(db, name, clock);
    }

    private static Store withApplication(TestDatabase db, String name, Clock clock) {
        Store store = db.store(clock);
        store.applications().create(name);
        return store;
    }
}
