package io.maestro.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KubeconfigTargetTest {

    private static String kubeconfig(String clusterExtra, String user) {
        return """
                apiVersion: v1
                kind: Config
                current-context: prod
                clusters:
                - name: prod
                  cluster:
                    server: https://10.0.0.1:6443
                %s
                users:
                - name: admin
                  user:
                %s
                contexts:
                - name: prod
                  context: {cluster: prod, user: admin}
                - name: dev
                  context: {cluster: dev, user: admin}
                """.formatted(clusterExtra.indent(4).stripTrailing(), user.indent(4).stripTrailing());
    }

    private static final String TOKEN = "token: s3cr3t-token";

    @Test
    void resolvesTheCurrentContextAndItsServer() {
        assertThat(KubeconfigTarget.resolve(kubeconfig("", TOKEN), Optional.empty()))
                .isEqualTo(new KubeconfigTarget("prod", "https://10.0.0.1:6443"));
    }

    @Test
    void aContextWhoseClusterIsMissingIsRefused() {
        assertThatThrownBy(() -> KubeconfigTarget.resolve(kubeconfig("", TOKEN), Optional.of("dev")))
                .isInstanceOf(InvalidClusterException.class)
                .hasMessage("kubeconfig: context 'dev' names cluster 'dev', which has no server URL in the kubeconfig");
    }

    @Test
    void fileReferencesAreRefusedWithTheWayToEmbedThem() {
        assertThatThrownBy(() -> KubeconfigTarget.resolve(kubeconfig("certificate-authority: /home/me/ca.crt", TOKEN), Optional.empty()))
                .hasMessageStartingWith("kubeconfig: cluster 'prod' refers to the file /home/me/ca.crt (certificate-authority)")
                .hasMessageContaining("kubectl config view --minify --flatten");
        assertThatThrownBy(() -> KubeconfigTarget.resolve(kubeconfig("", "client-certificate: /etc/me.crt\nclient-key: /etc/me.key"),
                Optional.empty()))
                .hasMessageStartingWith("kubeconfig: user 'admin' refers to the file /etc/me.crt (client-certificate)");
        assertThatThrownBy(() -> KubeconfigTarget.resolve(kubeconfig("", "tokenFile: /var/run/token"), Optional.empty()))
                .hasMessageStartingWith("kubeconfig: user 'admin' refers to the file /var/run/token (tokenFile)");
    }

    @Test
    void credentialPluginsThatRunCommandsAreRefused() {
        assertThatThrownBy(() -> KubeconfigTarget.resolve(kubeconfig("",
                "exec:\n  apiVersion: client.authentication.k8s.io/v1\n  command: aws\n  args: [eks, get-token]"), Optional.empty()))
                .isInstanceOf(InvalidClusterException.class)
                .hasMessageStartingWith("kubeconfig: user 'admin' gets its credentials by running aws (exec)");
        assertThatThrownBy(() -> KubeconfigTarget.resolve(kubeconfig("",
                "auth-provider:\n  name: gcp\n  config: {cmd-path: /usr/bin/gcloud}"), Optional.empty()))
                .hasMessageStartingWith("kubeconfig: user 'admin' gets its credentials by running /usr/bin/gcloud");
    }

    @Test
    void embeddedCertificatesAreAccepted() {
        assertThat(KubeconfigTarget.resolve(kubeconfig("certificate-authority-data: Q0E=",
                "client-certificate-data: Q0VSVA==\nclient-key-data: S0VZ"), Optional.of("prod")).server())
                .isEqualTo("https://10.0.0.1:6443");
    }

    @Test
    void textThatIsNotAKubeconfigIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> KubeconfigTarget.resolve("token: [s3cr3t", Optional.empty()))
                .isInstanceOf(InvalidClusterException.class)
                .hasMessageNotContaining("s3cr3t");
    }
}
