package io.maestro.store.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokensTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedTokensAreWellFormedAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = Tokens.generate(random);
            assertThat(token).startsWith("maestro_").hasSize(Tokens.LENGTH);
            assertThat(Tokens.wellFormed(token)).as(token).isTrue();
            assertThat(seen.add(token)).isTrue();
        }
    }

    @Test
    void thePrefixIsTheMarkerAndEightRandomCharacters() {
        String token = Tokens.generate(random);

        assertThat(Tokens.prefix(token)).hasSize(16).isEqualTo(token.substring(0, 16)).startsWith("maestro_");
    }

    @Test
    void hashesWithSha256() {
        // SHA-256("abc") from FIPS 180-2, appendix B.1.
        assertThat(Tokens.hashHex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void matchesOnlyTheSameHash() {
        String token = Tokens.generate(random);
        byte[] hash = Tokens.hash(token);

        assertThat(Tokens.matches(hash, Tokens.hashHex(token))).isTrue();
        assertThat(Tokens.matches(hash, Tokens.hashHex(token + "x"))).isFalse();
        assertThat(Tokens.matches(hash, "not hex")).isFalse();
        assertThat(Tokens.matches(hash, HexFormat.of().formatHex(hash, 0, 16))).isFalse();
    }

    @Test
    void rejectsValuesOfTheWrongShape() {
        String token = Tokens.generate(random);

        assertThat(Tokens.wellFormed(null)).isFalse();
        assertThat(Tokens.wellFormed(token.substring(1))).isFalse();
        assertThat(Tokens.wellFormed(token + "A")).isFalse();
        assertThat(Tokens.wellFormed("maestrx_" + token.substring(8))).isFalse();
        assertThat(Tokens.wellFormed(token.substring(0, 20) + "=" + token.substring(21))).isFalse();
        assertThat(Tokens.wellFormed(token.substring(0, 20) + " " + token.substring(21))).isFalse();
    }

    @Test
    void anIssuedTokenNeverPrintsItsValue() {
        String value = Tokens.generate(random);
        IssuedToken issued = new IssuedToken(
                new ApiToken(1, "alice", Tokens.prefix(value), null, Instant.EPOCH, null, false), value);

        assertThat(issued.toString()).doesNotContain(value).contains(Tokens.prefix(value));
    }

    @Test
    void rolesIncludeTheRolesBelowThem() {
        assertThat(Role.ADMIN.allows(Role.DEPLOYER)).isTrue();
        assertThat(Role.ADMIN.allows(Role.VIEWER)).isTrue();
        assertThat(Role.DEPLOYER.allows(Role.DEPLOYER)).isTrue();
        assertThat(Role.DEPLOYER.allows(Role.ADMIN)).isFalse();
        assertThat(Role.VIEWER.allows(Role.DEPLOYER)).isFalse();
    }
}
