package io.maestro.store.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;

/** The load balancers' listen ports of schema 16. */
class LoadBalancerPortDaoIT {

    @OnBothDatabases
    void aRecordedPortIsKeptMovedAndForgottenPerEnvironment(TestDatabase db) {
        Store store = db.store(new MutableClock());
        store.applications().create("shop");
        store.loadBalancerPorts().record("shop", "production", "https", 443, 40443);
        store.loadBalancerPorts().record("shop", "production", "http", 80, 40080);
        store.loadBalancerPorts().record("shop", "production", "http", 80, 40081);
        store.loadBalancerPorts().record("shop", "staging", "http", 80, 41080);

        assertThat(store.loadBalancerPorts().list("shop", "production")).containsExactly(
                new LoadBalancerPort("shop", "production", "http", 80, 40081),
                new LoadBalancerPort("shop", "production", "https", 443, 40443));
        assertThat(store.loadBalancerPorts().all()).hasSize(3);
        assertThat(store.loadBalancerPorts().deleteAll("shop", "production")).isEqualTo(2);
        assertThat(store.loadBalancerPorts().list("shop", "production")).isEmpty();
        assertThat(store.loadBalancerPorts().list("shop", "staging")).hasSize(1);
        assertThatThrownBy(() -> store.loadBalancerPorts().record("nope", "production", "http", 80, 40080))
                .isInstanceOf(NotFoundException.class);
    }
}
