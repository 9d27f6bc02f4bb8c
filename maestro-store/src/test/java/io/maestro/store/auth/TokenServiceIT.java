package io.maestro.store.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class TokenServiceIT {

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void authenticatesAnIssuedTokenAsItsUser(TestDatabase db) {
        Store store = db.store(clock);
        User alice = store.users().create("alice", Role.DEPLOYER);

        IssuedToken issued = store.tokens().issue("alice");
        Optional<Principal> principal = store.tokens().authenticate(issued.value());

        assertThat(principal).isPresent();
        assertThat(principal.get().user()).isEqualTo(alice);
        assertThat(principal.get().tokenId()).isEqualTo(issued.token().id());
        assertThat(principal.get().has(Role.DEPLOYER)).isTrue();
        assertThat(principal.get().has(Role.ADMIN)).isFalse();
    }

    @OnBothDatabases
    void keepsATokensDescriptionAndFindsTokensByPrefix(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("described", Role.VIEWER);
        IssuedToken issued = store.tokens().issue("described", "ci pipeline");

        assertThat(issued.token().description()).isEqualTo("ci pipeline");
        assertThat(store.tokens().list("described").getFirst().description()).isEqualTo("ci pipeline");
        assertThat(store.tokens().findByPrefix(issued.token().prefix())).extracting(ApiToken::userName)
                .containsExactly("described");
        assertThat(store.tokens().findByPrefix("maestro_nothing0")).isEmpty();
        assertThat(store.tokens().issue("described").token().description()).isNull();
    }

    @OnBothDatabases
    void storesOnlyTheHashAndThePrefixOfAToken(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("hashed", Role.VIEWER);
        IssuedToken issued = store.tokens().issue("hashed");

        Map<String, Object> row = db.database().withHandle(h -> h.createQuery(
                        "SELECT * FROM api_tokens WHERE id = :id").bind("id", issued.token().id()).mapToMap().one());

        assertThat(row.values()).noneMatch(value -> String.valueOf(value).contains(issued.value().substring(Tokens.PREFIX_LENGTH)));
        assertThat(row.get("token_hash")).isEqualTo(Tokens.hashHex(issued.value()));
        assertThat(row.get("prefix")).isEqualTo(issued.value().substring(0, Tokens.PREFIX_LENGTH));
        assertThat(issued.token().prefix()).isEqualTo(row.get("prefix"));
    }

    @OnBothDatabases
    void rejectsATokenThatDiffersOnlyAfterItsPrefix(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("mallory-target", Role.ADMIN);
        String value = store.tokens().issue("mallory-target").value();
        char last = value.charAt(value.length() - 1);
        String forged = value.substring(0, value.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(store.tokens().authenticate(forged)).isEmpty();
    }

    @OnBothDatabases
    void rejectsMalformedAndUnknownTokens(TestDatabase db) {
        Store store = db.store(clock);

        assertThat(store.tokens().authenticate(null)).isEmpty();
        assertThat(store.tokens().authenticate("")).isEmpty();
        assertThat(store.tokens().authenticate("Bearer x")).isEmpty();
        assertThat(store.tokens().authenticate("maestro_' OR 1=1 --")).isEmpty();
        assertThat(store.tokens().authenticate(Tokens.generate(new java.security.SecureRandom()))).isEmpty();
    }

    @OnBothDatabases
    void aRevokedTokenNoLongerAuthenticates(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("revoker", Role.VIEWER);
        IssuedToken issued = store.tokens().issue("revoker");

        assertThat(store.tokens().revoke(issued.token().id())).isTrue();

        assertThat(store.tokens().authenticate(issued.value())).isEmpty();
        assertThat(store.tokens().revoke(issued.token().id())).isFalse();
        assertThat(store.tokens().list("revoker")).singleElement().extracting(ApiToken::revoked).isEqualTo(true);
    }

    @OnBothDatabases
    void aDeletedUsersTokensNoLongerAuthenticate(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("leaver", Role.ADMIN);
        IssuedToken issued = store.tokens().issue("leaver");

        store.users().delete("leaver");

        assertThat(store.tokens().authenticate(issued.value())).isEmpty();
    }

    @OnBothDatabases
    void authenticationSeesTheUsersCurrentRole(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("demoted", Role.ADMIN);
        IssuedToken issued = store.tokens().issue("demoted");

        store.users().setRole("demoted", Role.VIEWER);

        assertThat(store.tokens().authenticate(issued.value())).map(p -> p.user().role()).contains(Role.VIEWER);
    }

    @OnBothDatabases
    void recordsTheLastUseAtMostOnceAMinute(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("user-of-tokens", Role.VIEWER);
        IssuedToken issued = store.tokens().issue("user-of-tokens");
        assertThat(issued.token().lastUsedAt()).isNull();

        clock.advance(Duration.ofSeconds(10));
        store.tokens().authenticate(issued.value());
        var firstUse = MutableClock.START.plusSeconds(10);
        assertThat(lastUsed(store, "user-of-tokens")).isEqualTo(firstUse);

        clock.advance(Duration.ofSeconds(30));
        store.tokens().authenticate(issued.value());
        assertThat(lastUsed(store, "user-of-tokens")).isEqualTo(firstUse);

        clock.advance(Duration.ofSeconds(30));
        store.tokens().authenticate(issued.value());
        assertThat(lastUsed(store, "user-of-tokens")).isEqualTo(firstUse.plusSeconds(60));
    }

    @OnBothDatabases
    void listsAUsersTokensNewestFirst(TestDatabase db) {
        Store store = db.store(clock);
        store.users().create("many-tokens", Role.VIEWER);
        IssuedToken first = store.tokens().issue("many-tokens");
        IssuedToken second = store.tokens().issue("many-tokens");

        List<ApiToken> tokens = store.tokens().list("many-tokens");

        assertThat(tokens).containsExactly(second.token(), first.token());
        assertThat(first.value()).isNotEqualTo(second.value());
    }

    @OnBothDatabases
    void refusesATokenForAMissingUser(TestDatabase db) {
        assertThatThrownBy(() -> db.store(clock).tokens().issue("nobody"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no user named 'nobody'");
    }

    @OnBothDatabases
    void bootstrapsTheFirstAdminWithATokenOnce(TestDatabase db) {
        Store store = db.freshStore(clock);

        Optional<IssuedToken> first = store.tokens().bootstrapAdmin("admin");
        Optional<IssuedToken> again = store.tokens().bootstrapAdmin("admin");

        assertThat(first).isPresent();
        assertThat(again).isEmpty();
        assertThat(store.tokens().authenticate(first.get().value()))
                .map(p -> p.user().role()).contains(Role.ADMIN);
        assertThat(store.tokens().list("admin")).hasSize(1);
    }

    private static java.time.Instant lastUsed(Store store, String user) {
        return store.tokens().list(user).getFirst().lastUsedAt();
    }
}
