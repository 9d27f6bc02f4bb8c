package io.maestro.server.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * How available a cluster's control plane is, from its masters, with each finding in plain words.
 *
 * <p>The rules (Kubernetes keeps its state in etcd, which works only while a majority of the
 * masters, the quorum, is up):
 * <ul>
 *   <li>{@code n} masters tolerate {@code (n - 1) / 2} master failures;</li>
 *   <li>highly available means tolerating at least one failure: at least 3 masters;</li>
 *   <li>use an odd number: an even number tolerates no more failures than one master fewer, so
 *       the extra master only adds a machine that can fail;</li>
 *   <li>2 masters are less available than 1: the quorum is 2 of 2, so no failure is tolerated,
 *       and with two machines a failure is twice as likely;</li>
 *   <li>dedicated masters (tainted {@code NoSchedule}) do not compete with workloads.</li>
 * </ul>
 *
 * <pre>{@code
 * HaAssessment ha = HaAssessment.of(new Masters(3, true, List.of()));
 * ha.highlyAvailable();   // true
 * ha.tolerates();         // 1
 * }</pre>
 *
 * @param highlyAvailable true when the control plane survives the failure of one master
 * @param tolerates how many masters may fail with the control plane still working
 * @param findings sentences that explain the assessment
 */
public record HaAssessment(boolean highlyAvailable, int tolerates, List<String> findings) {

    public HaAssessment {
        findings = List.copyOf(findings);
    }

    /** Assesses a control plane of {@code masters}. */
    public static HaAssessment of(Masters masters) {
        int n = masters.count();
        List<String> findings = new ArrayList<>();
        if (n == 0) {
            findings.add("No control-plane node is visible: the control plane runs outside the cluster's nodes"
                    + " (as on hosted Kubernetes services), so Maestro cannot count its masters;"
                    + " the provider's documentation says how many failures it tolerates.");
            return new HaAssessment(false, 0, findings);
        }
        int tolerates = (n - 1) / 2;
        int quorum = n / 2 + 1;
        if (n == 1) {
            findings.add("1 master: not highly available. The control plane tolerates no master failure:"
                    + " if this master fails, nothing in the cluster can be changed until it is back.");
            findings.add("Use an odd number of masters, at least 3, for high availability:"
                    + " 3 masters tolerate 1 failure, 5 tolerate 2.");
        } else if (n == 2) {
            findings.add("2 masters: not highly available, and less available than 1 master. etcd needs a majority"
                    + " of the masters (2 of 2) to work, so the control plane still tolerates no master failure,"
                    + " and with two machines a failure is twice as likely as with one.");
            findings.add("Add a third master (3 masters tolerate 1 failure), or go back to one.");
        } else {
            findings.add(n + " masters: highly available. The control plane keeps working with up to " + tolerates
                    + " master" + plural(tolerates) + " down (etcd needs a majority of " + quorum + " of " + n + ").");
            if (n % 2 == 0) {
                findings.add(n + " is an even number: " + n + " masters tolerate no more failures than " + (n - 1)
                        + " (" + tolerates + "), so the extra master only adds a machine that can fail."
                        + " Use an odd number of masters: " + (n - 1) + " or " + (n + 1) + ".");
            }
        }
        if (!masters.notReady().isEmpty()) {
            int down = masters.notReady().size();
            String names = String.join(", ", masters.notReady());
            if (down > tolerates) {
                findings.add("Not Ready: " + names + ". With " + down + " of " + n + " masters down the majority of "
                        + quorum + " is lost: the control plane cannot change the cluster until enough masters are back.");
            } else {
                int left = tolerates - down;
                findings.add("Not Ready: " + names + ". The control plane can lose " + left + " more master"
                        + plural(left) + " before it stops.");
            }
        }
        findings.add(masters.dedicated()
                ? "The masters are dedicated: they are tainted NoSchedule, so application workloads run on the workers only."
                : "The masters are shared: they also run application workloads, which compete with the control plane"
                        + " for CPU and memory. To dedicate them, taint them node-role.kubernetes.io/control-plane:NoSchedule.");
        return new HaAssessment(n >= 3, tolerates, findings);
    }

    private static String plural(int count) {
        return count == 1 ? "" : "s";
    }
}
