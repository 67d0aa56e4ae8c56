package dev.taskflow.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.workflow.ProjectCreatedEvent;
import dev.taskflow.api.workflow.TaskArchivedEvent;
import dev.taskflow.api.workflow.TaskAssignedEvent;
import dev.taskflow.api.workflow.TaskCompletedEvent;
import dev.taskflow.api.workflow.TaskCreatedEvent;
import dev.taskflow.api.workflow.TaskEditedEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A blue-green rebuild of the task and project views swaps in both tables, with every row there once and
 * the same lifecycle state, although it reads the topics in another order than the live processor did.
 */
class QueryRebuildIT extends QueryIntegrationTest {

    private static final String PROJECTION = "/admin/projections/task-view";

    @Autowired
    TestRestTemplate http;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void bothViewsAreRebuiltFromKafkaAndSwappedInTogether() {
        String org = UUID.randomUUID().toString();
        String projectId = UUID.randomUUID().toString();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        events.publish(new ProjectCreatedEvent(org, projectId, "Rebuilt", "user-1", at), "user-1");
        List<String> tasks = new ArrayList<>();
        SequencedEvents sequenced = new SequencedEvents(events);
        for (int i = 0; i < 20; i++) {
            String taskId = UUID.randomUUID().toString();
            tasks.add(taskId);
            // lifecycle events before the creation and newest first: a rebuild, reading every topic from offset
            // zero, sees them in yet another order and must end with the same rows
            if (i % 5 == 0) {
                sequenced.publish(new TaskArchivedEvent(org, projectId, taskId, "COMPLETED", "user-1", at.plusSeconds(30)), 3);
            }
            if (i % 3 == 0) {
                sequenced.publish(new TaskCompletedEvent(org, projectId, taskId, "Task " + i, "user-1", "user-2", at,
                        "user-2", at.plusSeconds(20)), 2);
                sequenced.publish(new TaskAssignedEvent(org, projectId, taskId, "Task " + i, "user-2", null, "user-1",
                        at.plusSeconds(10)), 1);
            }
            events.publish(new TaskCreatedEvent(org, projectId, taskId, "Task " + i, "user-1", at, null), "user-1");
        }
        // a change whose task was never created: a placeholder, rebuilt as such
        String placeholder = UUID.randomUUID().toString();
        sequenced.publish(new TaskEditedEvent(org, projectId, placeholder, "Edited", null, "user-1", at), 1);
        await().atMost(PATIENCE).until(() -> count("task_view", org) == 21 && count("project_view", org) == 1
                && count("task_view", org, "status = 'ARCHIVED'") == 4 && count("task_view", org, "status = 'COMPLETED'") == 5
                && count("task_view", org, "assignee_id is not null") == 7
                && count("task_view", org, "source_event_id is null and title = 'Edited'") == 1);
        String before = snapshot(org);

        ResponseEntity<JsonNode> started = http.postForEntity(PROJECTION + "/replay", null, JsonNode.class);
        assertThat(started.getStatusCode().value()).isEqualTo(202);
        // nothing else is published: a rebuild over several topics must reach the live position on its own
        JsonNode done = await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500))
                .until(() -> http.getForObject(PROJECTION, JsonNode.class).get("rebuild"),
                        rebuild -> rebuild.get("state").asText().equals("SWAPPED"));
        assertThat(done.get("swap").asText()).isEqualTo("AUTO");
        assertThat(done.get("processed").asLong()).isGreaterThanOrEqualTo(40);

        assertThat(snapshot(org)).isEqualTo(before);
        assertThat(jdbc.queryForObject("select to_regclass('task_view__rebuild') is null and "
                + "to_regclass('project_view__rebuild') is null", Boolean.class)).isTrue();
        tasks.add(placeholder);
        assertThat(jdbc.queryForList("select task_id from task_view where organization_id = ?", String.class, org))
                .containsExactlyInAnyOrderElementsOf(tasks);
    }

    private long count(String table, String org) {
        return count(table, org, "true");
    }

    private long count(String table, String org, String condition) {
        return jdbc.queryForObject("select count(*) from " + table + " where organization_id = ? and " + condition,
                Long.class, org);
    }

    /** Every column of the organization's rows, in a stable order. */
    private String snapshot(String org) {
        return jdbc.queryForList("select t::text from task_view t where organization_id = ? order by task_id",
                String.class, org) + " " + jdbc.queryForList(
                "select p::text from project_view p where organization_id = ? order by project_id", String.class, org);
    }
}
