package io.maestro.store.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.Store;
import io.maestro.store.db.NotFoundException;
import io.maestro.store.testing.Concurrently;
import io.maestro.store.testing.MutableClock;
import io.maestro.store.testing.OnBothDatabases;
import io.maestro.store.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

class VersionDaoIT {

    private static final String SERVICE_YML = "services:\n  web:\n    image: shop/web:1\n";

    private final MutableClock clock = new MutableClock();

    @OnBothDatabases
    void numbersVersionsFromOneInTheOrderTheyAreAdded(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("numbered");

        ApplicationVersion first = store.versions().add("numbered", new NewVersion(SERVICE_YML, null, "first", "alice"));
        clock.advance(Duration.ofMinutes(5));
        ApplicationVersion second = store.versions().add("numbered", new NewVersion(SERVICE_YML, "production: {}\n", "scale up", "bob"));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.createdAt()).isEqualTo(MutableClock.START.plus(Duration.ofMinutes(5)));
        assertThat(store.applications().require("numbered").latestVersion()).isEqualTo(2);
        assertThat(store.versions().latest("numbered")).contains(second);
    }

    @OnBothDatabases
    void keepsTheTextsExactlyAsUploaded(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("exact");
        String service = "services:\r\n  web:\r\n    image: \"caf\u00e9/\u6f22\u5b57:1\" \t\n\n# \uD83D\uDE80 trailing\n   ";
        String manifest = "production:\n  - name: x\n";

        store.versions().add("exact", new NewVersion(service, manifest, "unicode \u00e9", "\u00e9ve"));

        ApplicationVersion stored = store.versions().find("exact", 1).orElseThrow();
        assertThat(stored.serviceYml()).isEqualTo(service);
        assertThat(stored.manifestYml()).isEqualTo(manifest);
        assertThat(stored.comment()).isEqualTo("unicode \u00e9");
        assertThat(stored.author()).isEqualTo("\u00e9ve");
    }

    @OnBothDatabases
    void storesAVersionWithoutAManifestAsNull(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("no-manifest");

        store.versions().add("no-manifest", new NewVersion(SERVICE_YML, null, null, "alice"));

        ApplicationVersion stored = store.versions().find("no-manifest", 1).orElseThrow();
        assertThat(stored.manifestYml()).isNull();
        assertThat(stored.comment()).isEmpty();
    }

    @OnBothDatabases
    void listsVersionsNewestFirstWithoutTheirTexts(TestDatabase db) {
        Store store = db.store(clock);
        store.applications().create("listed");
        for (int i = 1; i <= 3; i++) {
            store.versions().add("listed", new NewVersion(SERVICE_YML, null, "change " + i, "alice"));
        }

        List<VersionSummary> versions = store.versions().list("listed");

        assertThat(versions).extracting(VersionSummary::version).containsExactly(3, 2, 1);
        assertThat(versions).extracting(VersionSummary::comment).containsExactly("change 3", "change 2", "change 1");
        assertThat(store.versions().find("listed", 4)).isEmpty();
    }

    @OnBothDatabases
    void refusesAVersionOfAMissingApplication(TestDatabase db) {
        Store store = db.store(clock);

        assertThatThrownBy(() -> store.versions().add("ghost", new NewVersion(SERVICE_YML, null, "x", "alice")))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("no application named 'ghost'");
    }

    @OnBothDatabases
    void concurrentUploadsGetConsecutiveNumbersWithoutGaps(TestDatabase db) {
        Store store = db.store(Clock.systemUTC());
        store.applications().create("busy");

        List<Integer> numbers = Concurrently.run(12, i -> () ->
                store.versions().add("busy", new NewVersion(SERVICE_YML, null, "upload " + i, "user" + i)).version());

        assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(store.versions().list("busy")).hasSize(12);
    }

    @OnBothDatabases
    void anApplicationAndItsFirstVersionCommitOrRollBackTogether(TestDatabase db) {
        Store store = db.store(clock);

        assertThatThrownBy(() -> store.inTransaction(() -> {
            store.applications().create("half-made");
            store.versions().add("half-made", new NewVersion(SERVICE_YML, null, "first", "alice"));
            throw new IllegalStateException("validation of the manifest failed");
        })).hasMessage("validation of the manifest failed");

        assertThat(store.applications().find("half-made")).isEmpty();

        store.inTransaction(() -> {
            store.applications().create("whole");
            return store.versions().add("whole", new NewVersion(SERVICE_YML, null, "first", "alice"));
        });
        assertThat(store.versions().latest("whole")).map(ApplicationVersion::version).contains(1);
    }
}
