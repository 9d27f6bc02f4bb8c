package io.maestro.kube.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.maestro.model.MaestroException;
import org.junit.jupiter.api.Test;

class ScaleRequestTest {

    @Test
    void readsAbsoluteAndRelativeCounts() {
        assertThat(ScaleRequest.parse("3")).isEqualTo(ScaleRequest.to(3));
        assertThat(ScaleRequest.parse("+2")).isEqualTo(ScaleRequest.by(2));
        assertThat(ScaleRequest.parse(" -1 ")).isEqualTo(ScaleRequest.by(-1));
        assertThat(ScaleRequest.parse("+2").resolve(3)).isEqualTo(5);
        assertThat(ScaleRequest.parse("-1").resolve(3)).isEqualTo(2);
        assertThat(ScaleRequest.parse("0").resolve(3)).isZero();
        assertThat(ScaleRequest.by(-2)).hasToString("-2");
        assertThat(ScaleRequest.by(2)).hasToString("+2");
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {"", "two", "+", "3.5", "--1", "1234567"}) {
            assertThatThrownBy(() -> ScaleRequest.parse(bad)).as(bad)
                    .isInstanceOf(MaestroException.class)
                    .hasMessage("expected a replica count N, +N or -N, got '" + bad + "'");
        }
    }

    @Test
    void boundsNameTheRangeAndTheRequest() {
        assertThatThrownBy(() -> new ReplicaBounds(2, 6).check("web", ScaleRequest.by(-2), 3, 1))
                .hasMessage("cannot scale web: expected a replica count between 2 and 6, got 1 (3 -2)");
        assertThatThrownBy(() -> ReplicaBounds.unbounded().check("web", ScaleRequest.by(-4), 3, -1))
                .hasMessage("cannot scale web: expected a replica count at least 0, got -1 (3 -4)");
        new ReplicaBounds(2, 6).check("web", ScaleRequest.to(6), 3, 6);
    }
}
