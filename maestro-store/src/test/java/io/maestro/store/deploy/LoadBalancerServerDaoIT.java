package io.maestro.store.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;

/** The load balancer servers of schema 20. */
class LoadBalancerServerDaoIT {

    @OnBothDatabases
    void aServerIsRecordedOncePerEnvironmentAndForgottenWhenItsLoadBalancerStops(TestDatabase db) {
        Store store = db.store(new MutableClock());
        store.applications().create("shop");
        store.loadBalancerServers().record("shop", "production", "lb2", "/var/lib/maestro/lb/shop-production");
        store.loadBalancerServers().record("shop", "production", "lb1", "/old");
        store.loadBalancerServers().record("shop", "production", "lb1", "/var/lib/maestro/lb/shop-production");
        store.loadBalancerServers().record("shop", "staging", "lb1", "/var/lib/maestro/lb/shop-staging");

        assertThat(store.loadBalancerServers().list("shop", "production")).containsExactly(
                new LoadBalancerServer("shop", "production", "lb1", "/var/lib/maestro/lb/shop-production"),
                new LoadBalancerServer("shop", "production", "lb2", "/var/lib/maestro/lb/shop-production"));
        assertThat(store.loadBalancerServers().delete("shop", "production", "lb2")).isTrue();
        assertThat(store.loadBalancerServers().delete("shop", "production", "lb2")).isFalse();
        assertThat(store.loadBalancerServers().list("shop", "production")).extracting(LoadBalancerServer::server)
                .containsExactly("lb1");
        assertThat(store.loadBalancerServers().list("shop", "staging")).hasSize(1);
        assertThatThrownBy(() -> store.loadBalancerServers().record("nope", "production", "lb1", "/x"))
                .isInstanceOf(NotFoundException.class);
    }
}
