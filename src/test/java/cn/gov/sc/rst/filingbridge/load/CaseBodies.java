package cn.gov.sc.rst.filingbridge.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Valid new-filing bodies (设立备案) that differ only in their SBLSH, made from the intake fixture
 * {@code fixtures/intake/valid-new-filing.json}.
 */
public final class CaseBodies {

    static final String FIXTURE = "fixtures/intake/valid-new-filing.json";
    private static final String PLACEHOLDER = "@@SBLSH@@";

    private final String template;

    private CaseBodies(String template) {
        this.template = template;
    }

    public static CaseBodies fromFixture() {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = CaseBodies.class.getClassLoader().getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException(FIXTURE + " is not on the classpath");
            }
            ObjectNode tree = (ObjectNode) json.readTree(in);
            tree.put("SBLSH", PLACEHOLDER);
            return new CaseBodies(json.writeValueAsString(tree));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture's case with this SBLSH (at most 64 characters, URL-safe). */
    public byte[] newFiling(String sblsh) {
        return template.replace(PLACEHOLDER, sblsh).getBytes(StandardCharsets.UTF_8);
    }
}
