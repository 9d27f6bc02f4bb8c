package io.maestro.model.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"SECRET_KEY_BASE", "API_TOKEN", "POSTGRESQL_PASSWORD", "DB_PASS", "MYSQL_PASSWD",
            "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "STRIPE_APIKEY", "SSH_PRIVATE_KEY", "GOOGLE_CREDENTIALS",
            "SESSION_SECRET", "DBPASSWORD", "GITHUBTOKEN", "dbPassword", "api-key", "jwt.secret", "PASSWORD_SALT",
            "KEY"})
    void recognisesSecretNames(String name) {
        assertThat(SecretNames.isSecretName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"MONKEY", "KEYCLOAK_URL", "TURNKEY_MODE", "BYPASS_CACHE", "COMPASS_URL",
            "PASSENGER_MAX_POOL", "RAILS_ENV", "POSTGRESQL_ADDRESS", "POSTGRESQL_USERNAME", "DATABASE_URL",
            "PRIVATEER", "KEYNOTE", ""})
    void leavesOrdinaryNamesPlain(String name) {
        assertThat(SecretNames.isSecretName(name)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void splitsNamesIntoWords() {
        assertThat(SecretNames.words("dbPassword_x-y.z")).containsExactly("db", "Password", "x", "y", "z");
        assertThat(SecretNames.words("__A__")).containsExactly("A");
    }
}
