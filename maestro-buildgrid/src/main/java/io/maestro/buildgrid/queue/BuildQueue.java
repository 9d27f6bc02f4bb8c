package io.maestro.buildgrid.queue;

import io.maestro.buildgrid.BuildCancelledException;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.image.BuildResult;
import io.maestro.buildgrid.minutes.BuildMinutesLedger;
import io.maestro.buildgrid.minutes.MeteredBuild;
import io.maestro.buildgrid.minutes.Plan;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs builds with at most N at a time, each on its own virtual thread; the others wait in
 * arrival order. The Build Minutes allowance is checked when a build is submitted and again when
 * it leaves the queue, so an exhausted hard-stop plan never starts a build. Each finished build
 * is recorded in the ledger with its metered time; queue wait is measured but not metered.
 */
public final class BuildQueue implements AutoCloseable {

    private final Semaphore workers;
    private final int concurrency;
    private final BuildMinutesLedger ledger;
    private final Clock clock;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong sequence = new AtomicLong();

    public BuildQueue(int concurrency, BuildMinutesLedger ledger, Clock clock) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("build concurrency must be 1 or more, found " + concurrency);
        }
        this.concurrency = concurrency;
        this.workers = new Semaphore(concurrency, true);
        this.ledger = ledger;
        this.clock = clock;
    }

    public int concurrency() {
        return concurrency;
    }

    /**
     * Queues a build for the account.
     *
     * @param kind whether the job is a build or a retag (both are metered)
     * @throws io.maestro.buildgrid.minutes.BuildMinutesExhaustedException at once when the account's
     *         hard-stop plan has no minutes left in this period
     */
    public QueuedBuild submit(String account, Plan plan, MeteredBuild.Kind kind, BuildJob job, LogListener log) {
        ledger.requireAllowance(account, plan, clock.instant());
        QueuedBuild build = new QueuedBuild("b" + sequence.incrementAndGet(), account, clock.instant());
        long queuedAt = System.nanoTime();
        threads.submit(() -> run(build, plan, kind, job, log, queuedAt));
        return build;
    }

    private void run(QueuedBuild build, Plan plan, MeteredBuild.Kind kind, BuildJob job, LogListener log, long queuedAt) {
        try {
            workers.acquire();
        } catch (InterruptedException e) {
            build.finished(QueuedBuild.State.CANCELLED);
            build.outcome().completeExceptionally(new BuildCancelledException("build " + build.id() + " interrupted in the queue"));
            return;
        }
        try {
            build.started(Duration.ofNanos(System.nanoTime() - queuedAt));
            build.cancellation().throwIfCancelled("build " + build.id());
            // Minutes may have run out while this build waited.
            ledger.requireAllowance(build.account(), plan, clock.instant());
            BuildResult result = job.run(log, build.cancellation());
            ledger.record(new MeteredBuild(build.account(), build.id(), kind, clock.instant(), result.meteredSeconds()));
            build.finished(QueuedBuild.State.SUCCEEDED);
            build.outcome().complete(result);
        } catch (BuildCancelledException e) {
            build.finished(QueuedBuild.State.CANCELLED);
            build.outcome().completeExceptionally(e);
        } catch (RuntimeException e) {
            build.finished(QueuedBuild.State.FAILED);
            build.outcome().completeExceptionally(e);
        } finally {
            workers.release();
        }
    }

    /** Stops taking builds, cancels nothing, and waits up to a minute for running ones. */
    @Override
    public void close() {
        threads.shutdown();
        try {
            threads.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
