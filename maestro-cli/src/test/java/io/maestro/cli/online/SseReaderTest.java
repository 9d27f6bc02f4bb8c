package io.maestro.cli.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

    static List<ServerEvent> read(String stream) throws IOException {
        List<ServerEvent> events = new ArrayList<>();
        SseReader.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), events::add);
        return events;
    }

    @Test
    void readsTypedEventsJoiningDataLinesAndSkippingComments() throws IOException {
        assertThat(read(": hello\n\nevent: log\ndata: {\"a\":1}\n\nid: 7\ndata: first\ndata:second\n\n"))
                .containsExactly(new ServerEvent("log", "{\"a\":1}", null), new ServerEvent("message", "first\nsecond", "7"));
    }

    @Test
    void acceptsCrlfAndCrLineEndsAndIgnoresAnUnfinishedLastEvent() throws IOException {
        assertThat(read("event: done\r\ndata: x\r\n\r\nevent: step\rdata: y\r\rdata: unfinished"))
                .containsExactly(new ServerEvent("done", "x", null), new ServerEvent("step", "y", null));
    }

    @Test
    void aListenerReturningFalseStopsTheReading() throws IOException {
        List<ServerEvent> seen = new ArrayList<>();
        boolean stopped = SseReader.read(new ByteArrayInputStream("data: 1\n\ndata: 2\n\n".getBytes(StandardCharsets.UTF_8)),
                event -> {
                    seen.add(event);
                    return false;
                });
        assertThat(stopped).isTrue();
        assertThat(seen).hasSize(1);
    }

    @Test
    void anEventWithoutDataIsNotDispatched() throws IOException {
        assertThat(read("event: ping\n\nretry: 10\n\n")).isEmpty();
    }
}
