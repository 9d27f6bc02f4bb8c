package io.maestro.buildgrid.queue;

import io.maestro.buildgrid.Cancellation;
import io.maestro.buildgrid.LogListener;
import io.maestro.buildgrid.image.BuildResult;

/** The work of one queued build, such as {@code builder.build(request, log, cancellation)} or a retag. */
@FunctionalInterface
public interface BuildJob {

    BuildResult run(LogListener log, Cancellation cancellation);
}
