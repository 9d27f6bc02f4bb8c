package io.maestro.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HaAssessmentTest {

    private static HaAssessment assess(int masters, boolean dedicated) {
        return HaAssessment.of(new Masters(masters, dedicated, List.of()));
    }

    @Test
    void oneMasterIsNotHighlyAvailableAndToleratesNoFailure() {
        HaAssessment ha = assess(1, false);

        assertThat(ha.highlyAvailable()).isFalse();
        assertThat(ha.tolerates()).isZero();
        assertThat(ha.findings().getFirst()).startsWith("1 master: not highly available")
                .contains("tolerates no master failure");
        assertThat(ha.findings()).anySatisfy(f -> assertThat(f).contains("odd number of masters, at least 3"));
    }

    @Test
    void twoMastersAreLessAvailableThanOne() {
        HaAssessment ha = assess(2, false);

        assertThat(ha.highlyAvailable()).isFalse();
        assertThat(ha.tolerates()).isZero();
        assertThat(ha.findings().getFirst())
                .contains("less available than 1 master")
                .contains("majority of the masters (2 of 2)")
                .contains("twice as likely");
        assertThat(ha.findings().get(1)).contains("Add a third master");
    }

    @Test
    void threeMastersAreHighlyAvailableAndTolerateOneFailure() {
        HaAssessment ha = assess(3, true);

        assertThat(ha.highlyAvailable()).isTrue();
        assertThat(ha.tolerates()).isEqualTo(1);
        assertThat(ha.findings().getFirst())
                .isEqualTo("3 masters: highly available. The control plane keeps working with up to 1 master down"
                        + " (etcd needs a majority of 2 of 3).");
        assertThat(ha.findings()).noneMatch(f -> f.contains("even number"));
    }

    @Test
    void fourMastersTolerateNoMoreThanThreeAndTheEvenCountIsReported() {
        HaAssessment ha = assess(4, true);

        assertThat(ha.highlyAvailable()).isTrue();
        assertThat(ha.tolerates()).isEqualTo(1);
        assertThat(ha.findings().getFirst()).contains("majority of 3 of 4");
        assertThat(ha.findings().get(1))
                .isEqualTo("4 is an even number: 4 masters tolerate no more failures than 3 (1), so the extra master"
                        + " only adds a machine that can fail. Use an odd number of masters: 3 or 5.");
    }

    @Test
    void fiveMastersTolerateTwoFailures() {
        HaAssessment ha = assess(5, true);

        assertThat(ha.highlyAvailable()).isTrue();
        assertThat(ha.tolerates()).isEqualTo(2);
        assertThat(ha.findings().getFirst()).contains("up to 2 masters down").contains("3 of 5");
    }

    @Test
    void failuresToleratedAreHalfTheMastersLessOneRoundedDown() {
        int[] expected = {0, 0, 0, 1, 1, 2, 2, 3};
        for (int n = 1; n < expected.length; n++) {
            assertThat(assess(n, true).tolerates()).as(n + " masters").isEqualTo(expected[n]);
        }
    }

    @Test
    void dedicatedMastersAreSaidToRunNoWorkloads() {
        assertThat(assess(3, true).findings().getLast())
                .isEqualTo("The masters are dedicated: they are tainted NoSchedule, so application workloads run on the workers only.");
    }

    @Test
    void sharedMastersAreSaidToCompeteWithWorkloadsWithTheTaintThatDedicatesThem() {
        assertThat(assess(3, false).findings().getLast())
                .startsWith("The masters are shared: they also run application workloads")
                .contains("node-role.kubernetes.io/control-plane:NoSchedule");
    }

    @Test
    void mastersThatAreNotReadyReduceWhatIsLeftToLose() {
        HaAssessment oneDown = HaAssessment.of(new Masters(5, true, List.of("m2")));
        HaAssessment majorityLost = HaAssessment.of(new Masters(3, true, List.of("m1", "m2")));

        assertThat(oneDown.findings()).contains("Not Ready: m2. The control plane can lose 1 more master before it stops.");
        assertThat(majorityLost.findings()).anySatisfy(f -> assertThat(f)
                .startsWith("Not Ready: m1, m2. With 2 of 3 masters down the majority of 2 is lost"));
    }

    @Test
    void aClusterWithoutVisibleMastersIsNotAssessedAsHighlyAvailable() {
        HaAssessment ha = assess(0, false);

        assertThat(ha.highlyAvailable()).isFalse();
        assertThat(ha.findings()).singleElement().asString().contains("No control-plane node is visible");
    }
}
