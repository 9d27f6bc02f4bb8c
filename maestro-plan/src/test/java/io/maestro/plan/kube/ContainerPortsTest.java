package io.maestro.plan.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.maestro.model.service.PortMapping;
import io.maestro.model.validate.KubernetesNames;
import io.maestro.plan.fixtures.ServiceBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Container ports get unique, valid names")
class ContainerPortsTest {

    @Test
    void namesPortsForHowTheyAreExposed() {
        var service = ServiceBuilder.service("web")
                .port(3000, 80, 443)
                .port(3001, null, 8443)
                .port(new PortMapping(5432, null, null, 15432, null, null))
                .port(new PortMapping(5353, null, null, null, 53, null))
                .internalPort(9100)
                .build();
        assertThat(ContainerPorts.of(service)).extracting(ContainerPorts.NamedPort::name)
                .containsExactly("http", "http-3001", "tcp-5432", "udp-5353", "p9100");
    }

    @Test
    void keepsGivenNamesAndAvoidsThemWhenGenerating() {
        var service = ServiceBuilder.service("web")
                .port(new PortMapping(9000, null, null, null, null, "http"))
                .port(3000, 80, null)
                .port(new PortMapping(4000, null, null, null, null, "p3000"))
                .build();
        assertThat(ContainerPorts.of(service)).extracting(ContainerPorts.NamedPort::name)
                .containsExactly("http", "p3000-2", "p3000");
    }

    @Test
    void addsAUdpEntryWhenAPortIsExposedOverTcpAndUdp() {
        var service = ServiceBuilder.service("dns").port(new PortMapping(53, null, null, 53, 53, null)).build();
        assertThat(ContainerPorts.of(service))
                .extracting(ContainerPorts.NamedPort::name, ContainerPorts.NamedPort::protocol)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tcp-53", "TCP"),
                        org.assertj.core.groups.Tuple.tuple("udp-53", "UDP"));
    }

    @Test
    void generatedNamesAreAlwaysValidServiceNames() {
        var service = ServiceBuilder.service("web").port(65535, 80, null).port(65534, 81, null)
                .port(new PortMapping(65533, null, null, 65533, 65533, null)).internalPort(65532).build();
        assertThat(ContainerPorts.of(service)).allSatisfy(p -> assertThat(KubernetesNames.isPortName(p.name())).as(p.name()).isTrue());
    }
}
