package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.maestro.plan.fixtures.ReferenceExamples;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ObjectChecks catches what an API server would reject")
class ObjectChecksTest {

    private static final String NS = "shop-production";
    private static final Map<String, String> SELECTOR = Map.of("app.kubernetes.io/name", "web");

    /** A valid Deployment, to break one field at a time. */
    private static Deployment deployment(UnaryOperator<DeploymentBuilder> breakIt) {
        DeploymentBuilder builder = new DeploymentBuilder()
                .withNewMetadata().withName("web").withNamespace(NS).withLabels(SELECTOR).endMetadata()
                .withNewSpec()
                .withNewSelector().withMatchLabels(SELECTOR).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(SELECTOR).endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("acme/web:1")
                .withPorts(new ContainerPortBuilder().withName("http").withContainerPort(3000).build())
                .endContainer().endSpec()
                .endTemplate()
                .endSpec();
        return breakIt.apply(builder).build();
    }

    private static List<String> check(HasMetadata... objects) {
        return ObjectChecks.check(List.of(objects));
    }

    @Test
    void acceptsEveryRenderedReferenceExample() {
        for (var example : List.of(ReferenceExamples.exampleA(), ReferenceExamples.exampleB(), ReferenceExamples.exampleC())) {
            List<HasMetadata> objects = KubernetesRenderer.render(example.definition(), example.variables(),
                    new RenderOptions("shop", "production", true));
            assertThat(ObjectChecks.check(objects)).isEmpty();
        }
    }

    @Test
    void acceptsTheValidBaseline() {
        assertThat(check(deployment(b -> b))).isEmpty();
    }

    @Test
    void rejectsAServiceNameThatStartsWithADigit() {
        var service = new ServiceBuilder().withNewMetadata().withName("9web").withNamespace(NS).endMetadata()
                .withNewSpec().addNewPort().withPort(80).endPort().endSpec().build();
        assertThat(check(service)).containsExactly("Service shop-production/9web: metadata.name: expected a DNS-1035 "
                + "label (lowercase letters, digits and '-', starting with a letter, at most 63 characters), got '9web'");
    }

    @Test
    void rejectsANamespaceNameLongerThan63Characters() {
        String name = "a".repeat(64);
        assertThat(check(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build()))
                .singleElement().asString().contains("metadata.name: expected a DNS-1123 label");
    }

    @Test
    void rejectsAnUppercaseDeploymentName() {
        assertThat(check(deployment(b -> b.editMetadata().withName("Web").endMetadata())))
                .singleElement().asString().contains("expected a DNS-1123 subdomain");
    }

    @Test
    void rejectsLabelValuesThatAreTooLongOrHaveBadCharacters() {
        List<String> problems = check(deployment(b -> b.editMetadata()
                .addToLabels("tier", "front end")
                .addToLabels("long", "x".repeat(64))
                .addToLabels("-bad-key", "ok")
                .endMetadata()));
        assertThat(problems).hasSize(3);
        assertThat(problems).anyMatch(p -> p.contains("metadata.labels.tier: expected a label value") && p.endsWith("'front end'"));
        assertThat(problems).anyMatch(p -> p.contains("metadata.labels.long: expected a label value"));
        assertThat(problems).anyMatch(p -> p.contains("metadata.labels: expected a label key") && p.endsWith("'-bad-key'"));
    }

    @Test
    void rejectsASelectorThatDoesNotMatchTheTemplateLabels() {
        List<String> problems = check(deployment(b -> b.editSpec().editSelector()
                .addToMatchLabels("app.kubernetes.io/instance", "shop-production").endSelector().endSpec()));
        assertThat(problems).containsExactly("Deployment shop-production/web: "
                + "spec.selector.matchLabels.app.kubernetes.io/instance: expected the pod template's label "
                + "app.kubernetes.io/instance=shop-production, got none");
    }

    @Test
    void rejectsAnEmptySelector() {
        assertThat(check(deployment(b -> b.editSpec().withNewSelector().endSelector().endSpec())))
                .anyMatch(p -> p.contains("spec.selector: expected a non-empty selector"));
    }

    @Test
    void rejectsContainerPortNamesThatAreLongUppercaseOrDuplicated() {
        List<String> problems = check(deployment(b -> b.editSpec().editTemplate().editSpec().editFirstContainer()
                .addToPorts(new ContainerPortBuilder().withName("metrics-endpoint").withContainerPort(9090).build())
                .addToPorts(new ContainerPortBuilder().withName("Admin").withContainerPort(9091).build())
                .addToPorts(new ContainerPortBuilder().withName("http").withContainerPort(9092).build())
                .addToPorts(new ContainerPortBuilder().withName("8080").withContainerPort(9093).build())
                .endContainer().endSpec().endTemplate().endSpec()));
        assertThat(problems).hasSize(4);
        assertThat(problems).anyMatch(p -> p.contains("ports[1].name: expected an IANA service name") && p.endsWith("'metrics-endpoint'"));
        assertThat(problems).anyMatch(p -> p.contains("ports[2].name: expected an IANA service name") && p.endsWith("'Admin'"));
        assertThat(problems).anyMatch(p -> p.contains("ports[3].name: expected a port name unique in the container"));
        assertThat(problems).anyMatch(p -> p.contains("ports[4].name: expected an IANA service name") && p.endsWith("'8080'"));
    }

    @Test
    void rejectsTheSamePortAndProtocolTwiceButAllowsTcpAndUdpOnOnePort() {
        List<String> problems = check(deployment(b -> b.editSpec().editTemplate().editSpec().editFirstContainer()
                .addToPorts(new ContainerPortBuilder().withName("again").withContainerPort(3000).build())
                .addToPorts(new ContainerPortBuilder().withName("udp").withContainerPort(3000).withProtocol("UDP").build())
                .endContainer().endSpec().endTemplate().endSpec()));
        assertThat(problems).containsExactly("Deployment shop-production/web: spec.template.spec.containers[0]"
                + ".ports[1].containerPort: expected a port unique in the container for TCP, got '3000'");
    }

    @Test
    void rejectsTwoMountsAtOnePathAndEnvNamesStartingWithADigit() {
        List<String> problems = check(deployment(b -> b.editSpec().editTemplate().editSpec()
                .addNewVolume().withName("a").withNewEmptyDir().endEmptyDir().endVolume()
                .addNewVolume().withName("b").withNewEmptyDir().endEmptyDir().endVolume()
                .editFirstContainer()
                .addNewVolumeMount().withName("a").withMountPath("/data").endVolumeMount()
                .addNewVolumeMount().withName("b").withMountPath("/data").endVolumeMount()
                .addNewEnv().withName("OK.name-1").withValue("x").endEnv()
                .addNewEnv().withName("1ST").withValue("y").endEnv()
                .endContainer().endSpec().endTemplate().endSpec()));
        assertThat(problems).containsExactly(
                "Deployment shop-production/web: spec.template.spec.containers[0].env[1].name: expected a variable "
                        + "name of letters, digits, '_', '-' and '.' not starting with a digit, got '1ST'",
                "Deployment shop-production/web: spec.template.spec.containers[0].volumeMounts[1].mountPath: expected "
                        + "a mount path unique in the container, got '/data'");
    }

    @Test
    void rejectsADaemonSetThatSurgesAndTakesPodsDownOrDoesNeither() {
        Deployment base = deployment(b -> b);
        DaemonSet both = new DaemonSetBuilder()
                .withMetadata(base.getMetadata()).withNewSpec().withSelector(base.getSpec().getSelector())
                .withTemplate(base.getSpec().getTemplate()).withNewUpdateStrategy().withType("RollingUpdate")
                .withNewRollingUpdate().withMaxSurge(new IntOrString("25%"))
                .endRollingUpdate().endUpdateStrategy().endSpec().build();
        assertThat(check(both)).containsExactly("DaemonSet shop-production/web: spec.updateStrategy.rollingUpdate"
                + ".maxSurge: expected no surge when maxUnavailable is not 0, got '25%'");
        both.getSpec().getUpdateStrategy().getRollingUpdate().setMaxUnavailable(new IntOrString(0));
        assertThat(check(both)).isEmpty();
        both.getSpec().getUpdateStrategy().getRollingUpdate().setMaxSurge(new IntOrString("0%"));
        assertThat(check(both)).containsExactly("DaemonSet shop-production/web: spec.updateStrategy.rollingUpdate"
                + ".maxUnavailable: expected not 0 when maxSurge is 0, got '0'");
    }

    @Test
    void rejectsAnAutoscalerBelowOneReplica() {
        var hpa = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withNewScaleTargetRef("apps/v1", "Deployment", "web").withMinReplicas(0)
                .withMaxReplicas(3).endSpec().build();
        assertThat(check(deployment(b -> b), hpa)).containsExactly(
                "HorizontalPodAutoscaler shop-production/web: spec.minReplicas: expected at least 1, got '0'");
    }

    @Test
    void rejectsAMountOfAVolumeThePodDoesNotHave() {
        assertThat(check(deployment(b -> b.editSpec().editTemplate().editSpec().editFirstContainer()
                .addNewVolumeMount().withName("data").withMountPath("/data").endVolumeMount()
                .endContainer().endSpec().endTemplate().endSpec())))
                .singleElement().asString().contains("volumeMounts[0].name: expected the name of one of the pod's volumes");
    }

    @Test
    void rejectsALivenessProbeThatNeedsMoreThanOneSuccess() {
        assertThat(check(deployment(b -> b.editSpec().editTemplate().editSpec().editFirstContainer()
                .withLivenessProbe(new ProbeBuilder().withNewTcpSocket().withPort(new IntOrString(3000)).endTcpSocket()
                        .withSuccessThreshold(2).build())
                .endContainer().endSpec().endTemplate().endSpec())))
                .singleElement().asString().contains("livenessProbe.successThreshold: expected 1");
    }

    @Test
    void rejectsTwoObjectsOfOneKindWithOneName() {
        assertThat(check(deployment(b -> b), deployment(b -> b)))
                .singleElement().asString().contains("expected a name unique for its kind in the namespace");
    }

    @Test
    void rejectsServicesWithUnnamedOrDuplicatedPortsAndSelectorsMatchingNothing() {
        var service = new ServiceBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().withSelector(Map.of("app.kubernetes.io/name", "api"))
                .addNewPort().withPort(80).endPort()
                .addNewPort().withName("b").withPort(80).endPort()
                .endSpec().build();
        List<String> problems = check(deployment(b -> b), service);
        assertThat(problems).hasSize(3);
        assertThat(problems).anyMatch(p -> p.contains("spec.ports[0].name: expected a name (required when"));
        assertThat(problems).anyMatch(p -> p.contains("spec.ports[1].port: expected a port unique in the Service"));
        assertThat(problems).anyMatch(p -> p.contains("spec.selector: expected labels of some workload's pod template"));
    }

    @Test
    void rejectsAnAutoscalerWhoseTargetIsMissing() {
        var hpa = new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("api").withNamespace(NS).endMetadata()
                .withNewSpec().withNewScaleTargetRef("apps/v1", "Deployment", "api").withMaxReplicas(3).endSpec().build();
        assertThat(check(deployment(b -> b), hpa)).singleElement().asString()
                .contains("spec.scaleTargetRef: expected a rendered workload, got 'Deployment/shop-production/api'");
    }

    @Test
    void rejectsAnIngressWithABadHostOrAMissingBackend() {
        var ingress = new IngressBuilder().withNewMetadata().withName("web").withNamespace(NS).endMetadata()
                .withNewSpec().addNewRule().withHost("Shop_Example.com").withNewHttp().addNewPath().withPath("/")
                .withPathType("Prefix").withNewBackend().withNewService().withName("web").withNewPort().withNumber(80)
                .endPort().endService().endBackend().endPath().endHttp().endRule().endSpec().build();
        List<String> problems = check(ingress);
        assertThat(problems).hasSize(2);
        assertThat(problems).anyMatch(p -> p.contains("spec.rules[0].host: expected a host name"));
        assertThat(problems).anyMatch(p -> p.contains("backend.service.name: expected a rendered Service"));
    }

    @Test
    void rejectsAnEndpointSliceWithoutItsServiceLabelOrWithAddressesOfAnotherType() {
        var slice = new EndpointSliceBuilder().withNewMetadata().withName("postgresql").withNamespace(NS).endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses("db.example.com").endEndpoint().build();
        List<String> problems = check(slice);
        assertThat(problems).hasSize(2);
        assertThat(problems).anyMatch(p -> p.contains("expected the label kubernetes.io/service-name"));
        assertThat(problems).anyMatch(p -> p.contains("endpoints[0].addresses: expected an IPv4 address"));
    }

    @Test
    void rejectsConfigMapKeysWithCharactersKubernetesDoesNotAllow() {
        var configMap = new ConfigMapBuilder().withNewMetadata().withName("web-env").withNamespace(NS).endMetadata()
                .withData(Map.of("GOOD_KEY", "1", "BAD KEY", "2")).build();
        assertThat(check(configMap)).singleElement().asString().endsWith("data: expected a key of letters, digits, "
                + "'-', '_' and '.' (at most 253 characters), got 'BAD KEY'");
    }

    @Test
    void theRendererThrowsEveryProblemItFinds() {
        var app = io.maestro.plan.fixtures.AppBuilder.app()
                .service(io.maestro.plan.fixtures.ServiceBuilder.service("1st").image("a/b:1").internalPort(80))
                .service(io.maestro.plan.fixtures.ServiceBuilder.service("2nd").image("a/b:1").internalPort(80))
                .build();
        assertThatThrownBy(() -> KubernetesRenderer.render(app, new RenderOptions("shop", "production", false)))
                .isInstanceOfSatisfying(RenderException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "Service shop-production/1st: metadata.name: expected a DNS-1035 label (lowercase letters, "
                                    + "digits and '-', starting with a letter, at most 63 characters), got '1st'",
                            "Service shop-production/2nd: metadata.name: expected a DNS-1035 label (lowercase letters, "
                                    + "digits and '-', starting with a letter, at most 63 characters), got '2nd'");
                    assertThat(e.getMessage()).startsWith("cannot render Kubernetes objects:\n  Service");
                });
    }

    @Test
    void problemsComeInObjectOrder() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(deployment(b -> b.editMetadata().withName("B").endMetadata()));
        objects.add(deployment(b -> b.editMetadata().withName("A").endMetadata()));
        assertThat(ObjectChecks.check(objects)).extracting(p -> p.substring(0, p.indexOf(':')))
                .containsExactly("Deployment shop-production/B", "Deployment shop-production/A");
    }
}
