package io.maestro.buildgrid.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretMaskTest {

    @Test
    void secretValuesAreMaskedAndPlainOnesKept() {
        SecretMask mask = SecretMask.of(Map.of("TOKEN", "t0ken", "NOTE", "hello"), Set.of("TOKEN"));

        assertThat(mask.apply("STEP 3/3: ENV NOTE=\"hello\" TOKEN=\"t0ken\" AGAIN=t0ken"))
                .isEqualTo("STEP 3/3: ENV NOTE=\"hello\" TOKEN=\"*****\" AGAIN=*****");
    }

    @Test
    void aSecretContainingAnotherIsMaskedWhole() {
        SecretMask mask = SecretMask.of(Map.of("SHORT", "abc", "LONG", "xxabcxx"), Set.of("SHORT", "LONG"));

        assertThat(mask.apply("v=xxabcxx w=abc")).isEqualTo("v=***** w=*****");
    }

    @Test
    void listenersGetMaskedLinesAndNamesWithoutValuesAreIgnored() {
        List<String> lines = new ArrayList<>();
        SecretMask.of(Map.of("TOKEN", "t0ken", "EMPTY", ""), Set.of("TOKEN", "EMPTY", "UNSET")).wrap(lines::add)
                .line("token t0ken");

        assertThat(lines).containsExactly("token *****");
    }
}
