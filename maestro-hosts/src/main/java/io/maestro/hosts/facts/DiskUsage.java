package io.maestro.hosts.facts;

/**
 * Size and free space of one file system, from POSIX {@code df -P -k}.
 *
 * @param mountPoint where the file system is mounted, such as {@code /}
 */
public record DiskUsage(String mountPoint, long totalBytes, long usedBytes, long availableBytes) {

    /**
     * Parses {@code df -P -k PATH} output: a header, then one line
     * {@code FILESYSTEM 1024-BLOCKS USED AVAILABLE CAPACITY MOUNTED-ON}.
     */
    public static DiskUsage parseDf(String text) {
        String[] lines = text.strip().split("\n");
        if (lines.length < 2) {
            throw new IllegalArgumentException("expected df -P -k output (a header and one line), found: " + text.strip());
        }
        String[] fields = lines[lines.length - 1].strip().split("\\s+");
        if (fields.length < 6) {
            throw new IllegalArgumentException("expected 6 columns in df output, found: " + lines[lines.length - 1]);
        }
        int n = fields.length;
        // The file system name may hold spaces; the numbers are counted from the end.
        try {
            long total = Long.parseLong(fields[n - 5]) * 1024;
            long used = Long.parseLong(fields[n - 4]) * 1024;
            long available = Long.parseLong(fields[n - 3]) * 1024;
            return new DiskUsage(fields[n - 1], total, used, available);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected block counts in df output, found: " + lines[lines.length - 1], e);
        }
    }
}
