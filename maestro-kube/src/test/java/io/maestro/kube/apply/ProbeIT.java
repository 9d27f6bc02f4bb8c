package io.maestro.kube.apply;

import io.maestro.kube.testing.MockCluster;
import io.maestro.kube.testing.ShopApp;
import io.maestro.plan.kube.KubeSerializer;
import org.junit.jupiter.api.Test;

class ProbeIT {
    @Test
    void probe() {
        System.out.println(KubeSerializer.toYaml(ShopApp.objects()));
        try (MockCluster cluster = MockCluster.start()) {
            ApplyReport r = Applier.create(cluster.client()).apply(ShopApp.NAMESPACE, ShopApp.objects());
            System.out.println(r);
            cluster.api().requests().forEach(System.out::println);
            cluster.api().clearLog();
            r = Applier.create(cluster.client()).apply(ShopApp.NAMESPACE, ShopApp.objects());
            System.out.println(r);
            cluster.api().requests().forEach(System.out::println);
        }
    }
}
