package io.maestro.buildgrid.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.buildgrid.queue.BuildServerSlots.BuildServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class BuildServerSlotsTest {

    private final BuildServerSlots slots = new BuildServerSlots(Duration.ofMinutes(1));

    @Test
    void withoutBuildServersNoSlotIsGivenAndBuildsStayOnThisHost() throws Exception {
        assertThat(slots.isEmpty()).isTrue();
        assertThat(slots.acquire()).isEmpty();
    }

    @Test
    void eachBuildGoesToTheLeastBusyServerForItsSlots() throws Exception {
        slots.update(List.of(new BuildServer("b2", 1), new BuildServer("b1", 2)));

        BuildServerSlots.Slot first = slots.acquire().orElseThrow();
        BuildServerSlots.Slot second = slots.acquire().orElseThrow();
        BuildServerSlots.Slot third = slots.acquire().orElseThrow();

        // Ties go by name; b1 with 1 of 2 slots busy is less busy than b2 with 1 of 1.
        assertThat(List.of(first.server(), second.server(), third.server())).containsExactly("b1", "b2", "b1");
        assertThat(slots.busy()).isEqualTo(Map.of("b1", 2, "b2", 1));
        second.close();
        second.close(); // closing twice gives the slot back once
        assertThat(slots.busy()).isEqualTo(Map.of("b1", 2, "b2", 0));
    }

    @Test
    void aBuildWaitsForAFreeSlotAndGetsItWhenOneIsReleased() throws Exception {
        slots.update(List.of(new BuildServer("b1", 1)));
        BuildServerSlots.Slot running = slots.acquire().orElseThrow();

        CompletableFuture<Optional<BuildServerSlots.Slot>> waiting = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                waiting.complete(slots.acquire());
            } catch (InterruptedException e) {
                waiting.completeExceptionally(e);
            }
        });
        assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

        running.close();
        assertThat(waiting.get(1, TimeUnit.MINUTES)).map(BuildServerSlots.Slot::server).contains("b1");
    }

    @Test
    void anUnreachableServerIsPassedOverWhileAnotherIsFreeAndTriedWhenNoneIsLeft() throws Exception {
        slots.update(List.of(new BuildServer("a", 1), new BuildServer("b", 1)));
        slots.unreachable("a");

        BuildServerSlots.Slot next = slots.acquire().orElseThrow();
        assertThat(next.server()).isEqualTo("b");

        slots.unreachable("b");
        next.close();
        // Both were unreachable a moment ago: try one rather than wait forever.
        assertThat(slots.acquire().orElseThrow().server()).isEqualTo("a");
    }

    @Test
    void removingEveryBuildServerLetsWaitingBuildsRunOnThisHost() throws Exception {
        slots.update(List.of(new BuildServer("b1", 1)));
        slots.acquire().orElseThrow();
        CompletableFuture<Optional<BuildServerSlots.Slot>> waiting = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                waiting.complete(slots.acquire());
            } catch (InterruptedException e) {
                waiting.completeExceptionally(e);
            }
        });

        slots.update(List.of());
        assertThat(waiting.get(1, TimeUnit.MINUTES)).isEmpty();
    }

    @Test
    void aServerNeedsAtLeastOneSlot() {
        assertThatThrownBy(() -> new BuildServer("b1", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build slots of b1: expected 1 or more, found 0");
    }
}
