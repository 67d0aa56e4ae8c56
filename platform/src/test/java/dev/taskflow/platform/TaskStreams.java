package dev.taskflow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A task's event stream as the command side stored it, and the states it passes through. */
final class TaskStreams {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stored event: its sequence number, eventId (Axon's identifier) and type without package. */
    record Event(long sequence, String eventId, String type, JsonNode payload) {
    }

    /** The task after an event. */
    record State(String title, String status, String assigneeId) {
    }

    private TaskStreams() {
    }

    static List<Event> read(String workflowJdbcUrl, String taskId) {
        List<Event> events = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(workflowJdbcUrl, "postgres", "");
             PreparedStatement query = connection.prepareStatement("""
                     select sequence_number, event_identifier, payload_type, convert_from(payload, 'UTF8') as payload
                     from domain_event_entry where aggregate_identifier = ? order by sequence_number""")) {
            query.setString(1, taskId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString("payload_type");
                    events.add(new Event(rs.getLong("sequence_number"), rs.getString("event_identifier"),
                            type.substring(type.lastIndexOf('.') + 1), JSON.readTree(rs.getString("payload"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** The state after each event, index = sequence number; fails on a gap or an event illegal where it is. */
    static List<State> replay(List<Event> stream) {
        List<State> states = new ArrayList<>();
        State state = null;
        for (int i = 0; i < stream.size(); i++) {
            Event event = stream.get(i);
            assertThat(event.sequence()).as("sequence numbers without gaps").isEqualTo(i);
            JsonNode data = event.payload();
            state = switch (event.type()) {
                case "TaskCreatedEvent" -> {
                    assertThat(state).isNull();
                    yield new State(data.get("title").asText(), "OPEN", null);
                }
                case "TaskEditedEvent" -> new State(data.path("title").isTextual() ? data.get("title").asText()
                        : state.title(), state.status(), state.assigneeId());
                case "TaskAssignedEvent" -> {
                    assertThat(state.status()).isEqualTo("OPEN");
                    yield new State(state.title(), state.status(), data.get("assigneeId").asText());
                }
                case "TaskUnassignedEvent" -> new State(state.title(), state.status(), null);
                case "TaskCompletedEvent" -> {
                    assertThat(state.status()).isEqualTo("OPEN");
                    yield new State(state.title(), "COMPLETED", state.assigneeId());
                }
                case "TaskReopenedEvent" -> {
                    assertThat(state.status()).isEqualTo("COMPLETED");
                    yield new State(state.title(), "OPEN", state.assigneeId());
                }
                default -> throw new AssertionError("unexpected event " + event.type() + " in the stream of a task");
            };
            states.add(state);
        }
        return states;
    }
}
