package io.maestro.store.hook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;

class HookDaoIT {

    @OnBothDatabases
    void anIssuedTokenAuthenticatesOnlyForItsApplicationAndOnlyUntilRevoked(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String app = "hooks-auth-" + db.dialect().name().toLowerCase();
        String other = app + "-other";
        store.applications().create(app);
        store.applications().create(other);

        IssuedHook issued = store.hooks().issue(app, "staging", "alice");

        assertThat(issued.token()).startsWith(issued.hook().prefix()).hasSize(HookTokens.LENGTH);
        assertThat(store.hooks().authenticate(app, issued.token()))
                .hasValueSatisfying(hook -> {
                    assertThat(hook.environment()).isEqualTo("staging");
                    assertThat(hook.lastUsedAt()).isNotNull();
                });
        assertThat(store.hooks().authenticate(other, issued.token())).isEmpty();
        String tampered = issued.token().substring(0, HookTokens.LENGTH - 1)
                + (issued.token().endsWith("A") ? "B" : "A");
        assertThat(store.hooks().authenticate(app, tampered)).isEmpty();
        assertThat(store.hooks().authenticate(app, "not-a-token")).isEmpty();
        assertThat(store.hooks().list(app)).extracting(RedeployHook::prefix).containsExactly(issued.hook().prefix());

        assertThat(store.hooks().revoke(app, issued.hook().prefix())).isTrue();
        assertThat(store.hooks().revoke(app, issued.hook().prefix())).isFalse();
        assertThat(store.hooks().authenticate(app, issued.token())).isEmpty();
        assertThat(store.hooks().list(app)).isEmpty();
    }

    @OnBothDatabases
    void theStoreKeepsNoClearToken(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String app = "hooks-hash-" + db.dialect().name().toLowerCase();
        store.applications().create(app);
        IssuedHook issued = store.hooks().issue(app, "production", "alice");

        long clear = store.database().withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM redeploy_hooks WHERE token_hash = :t OR prefix = :t")
                .bind("t", issued.token()).mapTo(Long.class).one());
        assertThat(clear).isZero();
    }

    @OnBothDatabases
    void aHookForAnUnknownApplicationIsRefused(TestDatabase db) {
        Store store = db.store(new MutableClock());
        assertThatThrownBy(() -> store.hooks().issue("no-such-app-hooks", "production", "alice"))
                .isInstanceOf(NotFoundException.class);
    }

    @OnBothDatabases
    void aDeliveryIdIsAcceptedOnceAndACommitRecordsOneDeployment(TestDatabase db) {
        Store store = db.store(new MutableClock());
        String app = "hooks-deliveries-" + db.dialect().name().toLowerCase();
        store.applications().create(app);
        WebhookDeliveries deliveries = store.webhookDeliveries();

        assertThat(deliveries.recordDelivery(app, "github", "d-1")).isTrue();
        assertThat(deliveries.recordDelivery(app, "github", "d-1")).isFalse();
        assertThat(deliveries.recordDelivery(app, "gitlab", "d-1")).isTrue();
        assertThatThrownBy(() -> deliveries.recordDelivery("no-such-app-hooks", "github", "d-2"))
                .isInstanceOf(NotFoundException.class);

        assertThat(deliveries.deploymentFor(app, "production", "abc")).isEmpty();
        assertThat(deliveries.recordDeployment(app, "production", "abc", 7)).isTrue();
        assertThat(deliveries.recordDeployment(app, "production", "abc", 8)).isFalse();
        assertThat(deliveries.recordDeployment(app, "staging", "abc", 9)).isTrue();
        assertThat(deliveries.deploymentFor(app, "production", "abc")).contains(7L);
        assertThat(deliveries.deploymentFor(app, "staging", "abc")).contains(9L);
    }
}
