package io.maestro.store.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    private final Path home = Path.of("/nonexistent/maestro-home");

    @Test
    void refusesUrlsOfOtherDatabases() {
        assertThatThrownBy(() -> Database.open("jdbc:mysql://db/maestro?password=hunter2", home))
                .isInstanceOf(StoreException.class)
                .hasMessage("database URL: expected a jdbc:postgresql: or jdbc:sqlite: URL,"
                        + " got 'jdbc:mysql://db/maestro?password=***'");
    }

    @Test
    void refusesSqliteUrlsThatAreNotAFile() {
        assertThatThrownBy(() -> Database.open("jdbc:sqlite::memory:", home))
                .hasMessage("database URL: expected jdbc:sqlite:PATH to a file, got 'jdbc:sqlite::memory:'");
        assertThatThrownBy(() -> Database.open("jdbc:sqlite:", home))
                .hasMessage("database URL: expected jdbc:sqlite:PATH to a file, got 'jdbc:sqlite:'");
    }

    @Test
    void redactsPasswordsInUrls() {
        assertThat(Database.redactPassword("jdbc:postgresql://h/db?user=u&password=p4ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(Database.redactPassword("jdbc:postgresql://h/db?PASSWORD=x")).isEqualTo("jdbc:postgresql://h/db?PASSWORD=***");
    }
}
