package io.maestro.server.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.store.auth.Principal;
import io.maestro.store.auth.Role;
import io.maestro.store.auth.User;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionStoreTest {

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-11-25T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }
    }

    final ManualClock clock = new ManualClock();
    final SessionStore sessions = new SessionStore(clock, Duration.ofMinutes(30), Duration.ofHours(8));
    final Principal alice = new Principal(new User(1, "alice", Role.DEPLOYER, clock.now), 7);

    @Test
    void aSessionHasRandomIdAndCsrfTokenAndNamesTheUserAndToken() {
        DashboardSession one = sessions.open(alice);
        DashboardSession two = sessions.open(alice);
        assertThat(one.id()).hasSize(43).isNotEqualTo(two.id()).isNotEqualTo(one.csrfToken());
        assertThat(one.csrfToken()).hasSize(43).isNotEqualTo(two.csrfToken());
        assertThat(one.user()).isEqualTo("alice");
        assertThat(one.tokenId()).isEqualTo(7);
        assertThat(sessions.touch(one.id())).contains(one);
    }

    @Test
    void unknownOrMissingIdsFindNothing() {
        sessions.open(alice);
        assertThat(sessions.touch("nope")).isEmpty();
        assertThat(sessions.touch(null)).isEmpty();
    }

    @Test
    void aSessionExpiresWhenLeftIdleAndEachRequestRestartsTheIdleClock() {
        DashboardSession session = sessions.open(alice);
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(session.id())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.touch(session.id())).as("29 minutes after the last request").isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.touch(session.id())).as("30 minutes idle").isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void noSessionOutlivesItsMaximumAgeEvenWhenBusy() {
        DashboardSession session = sessions.open(alice);
        for (int i = 0; i < 31; i++) {
            clock.advance(Duration.ofMinutes(15));
            sessions.touch(session.id());
        }
        assertThat(sessions.touch(session.id())).as("7h45 after login").isPresent();
        clock.advance(Duration.ofMinutes(15));
        assertThat(sessions.touch(session.id())).as("8h after login").isEmpty();
    }

    @Test
    void closingEndsTheSessionAndLoginSweepsExpiredOnes() {
        DashboardSession closed = sessions.open(alice);
        assertThat(sessions.close(closed.id())).isTrue();
        assertThat(sessions.close(closed.id())).isFalse();
        assertThat(sessions.touch(closed.id())).isEmpty();

        sessions.open(alice);
        sessions.open(alice);
        clock.advance(Duration.ofHours(1));
        sessions.open(alice);
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new SessionStore(clock, Duration.ZERO, Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }
}
