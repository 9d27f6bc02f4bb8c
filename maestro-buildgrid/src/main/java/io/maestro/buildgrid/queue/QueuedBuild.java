package io.maestro.buildgrid.queue;

import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.image.BuildResult;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A build handed to the {@link BuildQueue}: its state, queue wait, outcome, and a cancel switch. */
public final class QueuedBuild {

    /** Where a build is in its life. */
    public enum State { QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final String id;
    private final String account;
    private final Instant submittedAt;
    private final Cancellation cancellation = new Cancellation();
    private final CompletableFuture<BuildResult> outcome = new CompletableFuture<>();
    private volatile State state = State.QUEUED;
    private volatile Duration queueWait;

    QueuedBuild(String id, String account, Instant submittedAt) {
        this.id = id;
        this.account = account;
        this.submittedAt = submittedAt;
    }

    public String id() {
        return id;
    }

    public String account() {
        return account;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    public State state() {
        return state;
    }

    /** How long the build waited for a worker; empty while it still waits. Queue time is never metered. */
    public java.util.Optional<Duration> queueWait() {
        return java.util.Optional.ofNullable(queueWait);
    }

    /** Completes with the result, or exceptionally with the {@code BuildException} that stopped the build. */
    public CompletableFuture<BuildResult> outcome() {
        return outcome;
    }

    /** Cancels the build: a queued build never starts, a running one is killed. */
    public void cancel(String reason) {
        cancellation.cancel(reason);
    }

    Cancellation cancellation() {
        return cancellation;
    }

    void started(Duration waited) {
        queueWait = waited;
        state = State.RUNNING;
    }

    void finished(State finalState) {
        state = finalState;
    }
}
