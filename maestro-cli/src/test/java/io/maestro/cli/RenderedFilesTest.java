package io.maestro.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderedFilesTest {

    @TempDir
    Path dir;

    private final List<HasMetadata> objects = List.of(
            new NamespaceBuilder().withNewMetadata().withName("shop-production").endMetadata().build(),
            new ConfigMapBuilder().withNewMetadata().withName("web-env").endMetadata().build(),
            new ServiceBuilder().withNewMetadata().withName("web").endMetadata().build());

    @Test
    void namesFilesByPositionKindAndName() {
        assertThat(RenderedFiles.names(objects, ObjectFormat.YAML))
                .containsExactly("01-namespace-shop-production.yaml", "02-configmap-web-env.yaml", "03-service-web.yaml");
        assertThat(RenderedFiles.names(objects, ObjectFormat.JSON)).first().isEqualTo("01-namespace-shop-production.json");
    }

    @Test
    void widensTheNumberWhenThereAreMoreThan99Objects() {
        List<HasMetadata> many = Stream.generate(() -> objects.get(1)).limit(100).toList();
        assertThat(RenderedFiles.names(many, ObjectFormat.YAML)).first().isEqualTo("001-configmap-web-env.yaml");
        assertThat(RenderedFiles.names(many, ObjectFormat.YAML)).allMatch(n -> RenderedFiles.RENDERED_NAME.matcher(n).matches());
    }

    @Test
    void writesOneFilePerObjectIntoANewDirectory() throws IOException {
        Path target = dir.resolve("out/k8s");

        List<String> written = RenderedFiles.write(target, "out/k8s", objects, ObjectFormat.YAML,
                object -> "kind: " + object.getKind());

        assertThat(written).hasSize(3);
        assertThat(Files.readString(target.resolve("03-service-web.yaml"))).isEqualTo("kind: Service\n");
    }

    @Test
    void replacesAnEarlierRenderSoRemovedObjectsDoNotLinger() throws IOException {
        Files.writeString(dir.resolve("04-deployment-old.yaml"), "kind: Deployment\n");

        RenderedFiles.write(dir, "k8s", objects.subList(0, 1), ObjectFormat.YAML, object -> "x");

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("01-namespace-shop-production.yaml");
        }
    }

    @Test
    void refusesADirectoryHoldingFilesMaestroDidNotWriteAndDeletesNothing() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("01-configmap-old.yaml"), "old");

        assertThatThrownBy(() -> RenderedFiles.write(dir, "k8s", objects, ObjectFormat.YAML, object -> "x"))
                .isInstanceOf(UsageException.class)
                .hasMessage("k8s: holds files Maestro did not write ('notes.txt'); render into a new or empty directory");
        assertThat(dir.resolve("01-configmap-old.yaml")).exists();
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    @Test
    void leavesDotFilesAlone() throws IOException {
        Files.writeString(dir.resolve(".gitkeep"), "");

        RenderedFiles.write(dir, "k8s", objects, ObjectFormat.YAML, object -> "x");

        assertThat(dir.resolve(".gitkeep")).exists();
    }
}
