package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskflow.api.Role;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Decision 9: global indexes are taken from the sequence one at a time, so an event appended after another
 * instance took an index is never written behind it (into a gap the Kafka publisher may have given up on).
 */
class EventStoreGlobalIndexIT extends CommandSideIntegrationTest {

    @Test
    void anEventAppendedAfterAnotherInstanceTookAnIndexGetsAHigherOne() {
        String organizationId = UUID.randomUUID().toString();
        String userId = UUID.randomUUID().toString();
        becomeMember(organizationId, userId, Role.MEMBER);
        String projectId = createProject(organizationId, userId);
        // with a pooled generator this instance would now hold a block of indexes above the project's event
        createTask(organizationId, userId, projectId);

        long takenElsewhere = jdbc.queryForObject("select nextval('domain_event_global_index_seq')", Long.class);
        String taskId = createTask(organizationId, userId, projectId).get("taskId").asText();

        long index = jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ?",
                Long.class, taskId);
        assertThat(index).isGreaterThan(takenElsewhere);
        assertThat(jdbc.queryForObject("select increment_by from pg_sequences where schemaname = current_schema() "
                + "and sequencename = 'domain_event_global_index_seq'", Long.class)).isEqualTo(1);
    }
}
