package io.maestro.hosts.component;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    // Real lines from /proc/net/tcp{,6}: 127.0.0.1:5432 and 0.0.0.0:6379 listening, one established
    // connection, and [::]:80 and [::1]:11211 listening.
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 1 1
               1: 00000000:18EB 00000000:0000 0A 00000000:00000000 00:00000000 00000000   105        0 2 1
               2: 0100007F:1538 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000   101        0 3 1
            """;
    private static final String TCP6 = """
              sl  local_address                         remote_address                        st
               0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A
               1: 00000000000000000000000001000000:2BCB 00000000000000000000000000000000:0000 0A
            """;

    @Test
    void readsListenersInKernelByteOrderAndSkipsOtherStates() {
        ListeningSockets sockets = ListeningSockets.parse(TCP, TCP6);
        assertThat(sockets.listeners()).extracting(l -> l.address().getHostAddress() + " " + l.port())
                .containsExactly("127.0.0.1 5432", "0.0.0.0 6379", "0:0:0:0:0:0:0:0 80", "0:0:0:0:0:0:0:1 11211");
    }

    @Test
    void aPortConflictsOnTheSameAddressOrAWildcardOnEitherSide() {
        ListeningSockets sockets = ListeningSockets.parse(TCP, TCP6);
        assertThat(sockets.conflictsWith("127.0.0.1", 5432)).isTrue();
        assertThat(sockets.conflictsWith("0.0.0.0", 5432)).isTrue();
        assertThat(sockets.conflictsWith("127.0.0.2", 5432)).isFalse();
        assertThat(sockets.conflictsWith("10.88.0.1", 6379)).isTrue();
        assertThat(sockets.conflictsWith("127.0.0.1", 80)).isTrue();
        assertThat(sockets.conflictsWith("::1", 11211)).isTrue();
        assertThat(sockets.conflictsWith("127.0.0.1", 11211)).isFalse();
        assertThat(sockets.conflictsWith("127.0.0.1", 5433)).isFalse();
    }

    @Test
    void emptyOrMissingTablesMeanNothingListens() {
        assertThat(ListeningSockets.parse("", null).listeners()).isEmpty();
    }
}
