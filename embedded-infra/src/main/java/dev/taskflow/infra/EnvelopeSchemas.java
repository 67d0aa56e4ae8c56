package dev.taskflow.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Validates envelopes against the published JSON Schemas in {@code docs/events} (found from the
 * working directory upwards), so tests check the documented contract, not a copy of it.
 */
public final class EnvelopeSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    public EnvelopeSchemas() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs/events"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("docs/events not found above " + Path.of("").toAbsolutePath());
        }
        this.directory = dir.resolve("docs/events");
    }

    /** The problems of {@code envelope} against the schema of its eventType and eventVersion; empty when valid. */
    public List<String> problems(byte[] envelope) {
        try {
            JsonNode node = JSON.readTree(envelope);
            Path file = directory.resolve(node.path("eventType").asText() + "." + node.path("eventVersion").asText()
                    + ".schema.json");
            if (!Files.exists(file)) {
                return List.of("no schema " + file.getFileName());
            }
            JsonSchema schema = factory.getSchema(Files.readString(file), config);
            Set<ValidationMessage> messages = schema.validate(node);
            return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
