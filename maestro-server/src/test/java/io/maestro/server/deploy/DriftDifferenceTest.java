package io.maestro.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What counts as drift: a field Maestro sets with another live value; what the server adds does not. */
class DriftDifferenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fieldsOnlyTheServerSetsAreNotDrift() {
        JsonNode desired = json("{'spec': {'replicas': 2, 'template': {'spec': {'containers': [{'name': 'web', 'image': 'a:1'}]}}}}");
        JsonNode live = json("{'spec': {'replicas': 2, 'revisionHistoryLimit': 10, 'template': {'spec': {'containers':"
                + " [{'name': 'web', 'image': 'a:1', 'imagePullPolicy': 'IfNotPresent'}]}}}, 'status': {'replicas': 2}}");

        assertThat(DriftCheck.difference(desired, live, "")).isNull();
    }

    @Test
    void aChangedValueIsReportedWithItsPath() {
        JsonNode desired = json("{'spec': {'template': {'spec': {'containers': [{'name': 'web', 'image': 'a:1'}]}}}}");
        JsonNode live = json("{'spec': {'template': {'spec': {'containers': [{'name': 'web', 'image': 'evil:latest'}]}}}}");

        assertThat(DriftCheck.difference(desired, live, "")).isEqualTo("spec.template.spec.containers[0].image");
    }

    @Test
    void aListWithAnotherLengthAndAMissingFieldAreDrift() {
        assertThat(DriftCheck.difference(json("{'ports': [{'port': 80}]}"), json("{'ports': [{'port': 80}, {'port': 81}]}"), ""))
                .isEqualTo("ports");
        assertThat(DriftCheck.difference(json("{'data': {'KEY': 'dmFsdWU='}}"), json("{'data': {}}"), "")).isEqualTo("data.KEY");
    }

    @Test
    void numbersAndNumericStringsAreTheSameValue() {
        assertThat(DriftCheck.difference(json("{'targetPort': 3000}"), json("{'targetPort': '3000'}"), "")).isNull();
    }

    @Test
    void desiredStatusIsIgnored() {
        assertThat(DriftCheck.difference(json("{'status': {'replicas': 3}}"), json("{'status': {'replicas': 1}}"), "")).isNull();
    }
}
