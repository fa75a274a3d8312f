// Prints Maven ComparableVersion's verdict for each "hexA,hexB" line of the file named on the command line.
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenCompare {
    static String unhex(String h) {
        byte[] bytes = new byte[h.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(new FileInputStream(args[0]), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                int comma = line.indexOf(',');
                String a = unhex(line.substring(0, comma));
                String b = unhex(line.substring(comma + 1));
                int c = new ComparableVersion(a).compareTo(new ComparableVersion(b));
                out.append(Integer.signum(c)).append(" 1 1\n");
            }
        }
        System.out.print(out);
    }
}
