package io.maestro.buildgrid.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.BuildCancelledException;
import io.maestro.buildgrid.BuildException;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.image.BuildResult;
import io.maestro.buildgrid.image.ImageRef;
import io.maestro.buildgrid.minutes.BillingPeriod;
import io.maestro.buildgrid.minutes.BuildMinutesExhaustedException;
import io.maestro.buildgrid.minutes.BuildMinutesLedger;
import io.maestro.buildgrid.minutes.MeteredBuild;
import io.maestro.buildgrid.minutes.OverageRounding;
import io.maestro.buildgrid.minutes.Plan;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BuildQueueTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-10T12:00:00Z"), ZoneOffset.UTC);
    private static final Plan FREE_ONE_MINUTE = new Plan("free", 1, BigDecimal.ZERO, OverageRounding.UP_TO_DOLLAR, true);

    private final BuildMinutesLedger ledger = new BuildMinutesLedger();

    @Test
    void noMoreBuildsRunAtOnceThanTheConfiguredConcurrencyAndEveryOneHasAQueueWait() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<QueuedBuild> builds = new ArrayList<>();
        try (BuildQueue queue = new BuildQueue(2, ledger, CLOCK)) {
            for (int i = 0; i < 6; i++) {
                builds.add(queue.submit("acme", Plan.GROWTH, MeteredBuild.Kind.BUILD, (log, cancellation) -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    await(release);
                    running.decrementAndGet();
                    return result(3);
                }, LogListener.NONE));
            }
            while (running.get() < 2) {
                Thread.onSpinWait();
            }
            assertThat(builds.stream().filter(b -> b.state() == QueuedBuild.State.QUEUED)).hasSize(4);
            release.countDown();
            for (QueuedBuild build : builds) {
                build.outcome().get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(mostAtOnce.get()).isEqualTo(2);
        assertThat(builds).allSatisfy(build -> {
            assertThat(build.state()).isEqualTo(QueuedBuild.State.SUCCEEDED);
            assertThat(build.queueWait()).hasValueSatisfying(wait -> assertThat(wait.isNegative()).isFalse());
        });
        assertThat(ledger.usage("acme", Plan.GROWTH, BillingPeriod.of(CLOCK.instant())).usedSeconds()).isEqualTo(18);
    }

    @Test
    void anExhaustedHardStopPlanRefusesTheNextBuildBeforeItStarts() throws Exception {
        AtomicInteger started = new AtomicInteger();
        try (BuildQueue queue = new BuildQueue(1, ledger, CLOCK)) {
            queue.submit("acme", FREE_ONE_MINUTE, MeteredBuild.Kind.BUILD, (log, c) -> {
                started.incrementAndGet();
                return result(61);
            }, LogListener.NONE).outcome().get(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> queue.submit("acme", FREE_ONE_MINUTE, MeteredBuild.Kind.RETAG, (log, c) -> {
                started.incrementAndGet();
                return result(1);
            }, LogListener.NONE)).isInstanceOf(BuildMinutesExhaustedException.class)
                    .hasMessageContaining("has used all 1 Build Minutes of plan 'free'");
            // Another account is not affected.
            queue.submit("other", FREE_ONE_MINUTE, MeteredBuild.Kind.BUILD, (log, c) -> result(5), LogListener.NONE)
                    .outcome().get(30, TimeUnit.SECONDS);
        }
        assertThat(started.get()).isEqualTo(1);
    }

    @Test
    void aBuildQueuedBehindOneThatUsesUpTheAllowanceFailsWithoutRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger secondRan = new AtomicInteger();
        try (BuildQueue queue = new BuildQueue(1, ledger, CLOCK)) {
            QueuedBuild first = queue.submit("acme", FREE_ONE_MINUTE, MeteredBuild.Kind.BUILD, (log, c) -> {
                await(release);
                return result(60);
            }, LogListener.NONE);
            QueuedBuild second = queue.submit("acme", FREE_ONE_MINUTE, MeteredBuild.Kind.BUILD, (log, c) -> {
                secondRan.incrementAndGet();
                return result(1);
            }, LogListener.NONE);
            release.countDown();
            first.outcome().get(30, TimeUnit.SECONDS);

            assertThatThrownBy(() -> second.outcome().join()).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(BuildMinutesExhaustedException.class);
            assertThat(second.state()).isEqualTo(QueuedBuild.State.FAILED);
        }
        assertThat(secondRan.get()).isZero();
    }

    @Test
    void aCancelledQueuedBuildNeverStartsAndAFailedBuildIsNotMetered() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger cancelledRan = new AtomicInteger();
        try (BuildQueue queue = new BuildQueue(1, ledger, CLOCK)) {
            QueuedBuild failing = queue.submit("acme", Plan.GROWTH, MeteredBuild.Kind.BUILD, (log, c) -> {
                await(release);
                throw new BuildException("buildah bud exited 1");
            }, LogListener.NONE);
            QueuedBuild cancelled = queue.submit("acme", Plan.GROWTH, MeteredBuild.Kind.BUILD, (log, c) -> {
                cancelledRan.incrementAndGet();
                return result(1);
            }, LogListener.NONE);
            cancelled.cancel("user asked");
            release.countDown();

            assertThatThrownBy(() -> failing.outcome().join()).hasCauseInstanceOf(BuildException.class);
            assertThatThrownBy(() -> cancelled.outcome().join()).hasCauseInstanceOf(BuildCancelledException.class)
                    .hasMessageContaining("user asked");
            assertThat(failing.state()).isEqualTo(QueuedBuild.State.FAILED);
            assertThat(cancelled.state()).isEqualTo(QueuedBuild.State.CANCELLED);
        }
        assertThat(cancelledRan.get()).isZero();
        assertThat(ledger.entries("acme", BillingPeriod.of(CLOCK.instant()))).isEmpty();
    }

    private static BuildResult result(long seconds) {
        return new BuildResult(new ImageRef("127.0.0.1:5000", "shop", "web", "t"), "c", "sha256:x",
                Duration.ofSeconds(seconds), Duration.ZERO);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
