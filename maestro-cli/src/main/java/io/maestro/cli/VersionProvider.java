package io.maestro.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code maestro --version}: the project version stamped into version.properties at build time. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"maestro " + version() + " (Java " + Runtime.version().feature() + ")"};
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // A jar we built always has the file; "unknown" is better than failing --version.
        }
        return properties.getProperty("version", "unknown");
    }
}
