package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Role;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.infra.EnvelopeSchemas;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.TestInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The task lifecycle endpoints over HTTP, the event store and Kafka (issue 6, part 1). */
class TaskLifecycleIT extends CommandSideIntegrationTest {

    private final KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());
    private final EnvelopeSchemas schemas = new EnvelopeSchemas();
    private final String organizationId = UUID.randomUUID().toString();
    private final String userId = UUID.randomUUID().toString();
    private final String colleague = UUID.randomUUID().toString();
    private String projectId;

    @BeforeEach
    void memberOfAFreshOrganizationWithAProject() {
        becomeMember(organizationId, userId, Role.MEMBER);
        becomeMember(organizationId, colleague, Role.VIEWER);
        projectId = createProject(organizationId, userId);
    }

    @AfterEach
    void closeKafkaClient() {
        kafka.close();
    }

    @Test
    void aTaskGoesThroughItsLifeAndEveryStepIsPublishedInItsEnvelope() {
        ResponseEntity<String> created = post("/workflow/tasks",
                Map.of("projectId", projectId, "title", "Write the runbook", "priority", "HIGH"), headers());
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(read(created.getBody()).get("priority").asText()).isEqualTo("HIGH");
        String taskId = read(created.getBody()).get("taskId").asText();
        String task = "/workflow/tasks/" + taskId;
        HttpHeaders traced = headers();
        traced.set("X-Correlation-ID", "lifecycle-" + taskId);

        JsonNode edited = ok(exchange(HttpMethod.PATCH, task, Map.of("title", "Write the ops runbook",
                "description", "for on-call"), traced));
        JsonNode assigned = ok(exchange(HttpMethod.PUT, task + "/assignee", Map.of("assigneeId", colleague), headers()));
        JsonNode completed = ok(post(task + "/complete", null, headers()));
        JsonNode reopened = ok(post(task + "/reopen", null, headers()));
        JsonNode unassigned = ok(exchange(HttpMethod.DELETE, task + "/assignee", null, headers()));
        JsonNode archived = ok(post(task + "/archive", null, headers()));

        assertThat(fieldNames(edited)).containsExactly("taskId", "organizationId", "projectId", "title", "description",
                "status", "assigneeId", "priority", "version");
        assertThat(edited.get("taskId").asText()).isEqualTo(taskId);
        assertThat(edited.get("organizationId").asText()).isEqualTo(organizationId);
        assertThat(edited.get("projectId").asText()).isEqualTo(projectId);
        assertThat(edited.get("title").asText()).isEqualTo("Write the ops runbook");
        assertThat(edited.get("description").asText()).isEqualTo("for on-call");
        assertThat(edited.get("assigneeId").isNull()).isTrue();
        assertThat(edited.get("priority").asText()).isEqualTo("HIGH");
        assertThat(assigned.get("assigneeId").asText()).isEqualTo(colleague);
        assertThat(completed.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(completed.get("assigneeId").asText()).isEqualTo(colleague);
        assertThat(reopened.get("status").asText()).isEqualTo("OPEN");
        assertThat(unassigned.get("assigneeId").isNull()).isTrue();
        assertThat(archived.get("status").asText()).isEqualTo("ARCHIVED");
        assertThat(List.of(edited, assigned, completed, reopened, unassigned, archived))
                .extracting(n -> n.get("version").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(stream(taskId)).extracting(StoredEvent::simpleType).containsExactly("TaskCreatedEvent",
                "TaskEditedEvent", "TaskAssignedEvent", "TaskCompletedEvent", "TaskReopenedEvent",
                "TaskUnassignedEvent", "TaskArchivedEvent");

        KafkaTestClient.Envelope editedOnKafka = published(Topics.WORKFLOW_TASK_EDITED, taskId);
        assertThat(editedOnKafka.text("eventType")).isEqualTo("TaskEdited");
        assertThat(editedOnKafka.text("eventVersion")).isEqualTo("v1");
        assertThat(editedOnKafka.text("correlationId")).isEqualTo("lifecycle-" + taskId);
        assertThat(editedOnKafka.headers()).containsEntry("correlationId", "lifecycle-" + taskId)
                .containsEntry("eventType", "TaskEdited");
        assertThat(editedOnKafka.data().get("title").asText()).isEqualTo("Write the ops runbook");
        assertThat(editedOnKafka.data().get("editedBy").asText()).isEqualTo(userId);
        KafkaTestClient.Envelope assignedOnKafka = published(Topics.WORKFLOW_TASK_ASSIGNED, taskId);
        assertThat(assignedOnKafka.data().get("assigneeId").asText()).isEqualTo(colleague);
        assertThat(assignedOnKafka.data().get("title").asText()).isEqualTo("Write the ops runbook");
        assertThat(assignedOnKafka.data().get("previousAssigneeId").isNull()).isTrue();
        KafkaTestClient.Envelope completedOnKafka = published(Topics.WORKFLOW_TASK_COMPLETED, taskId);
        assertThat(completedOnKafka.data().get("assigneeId").asText()).isEqualTo(colleague);
        assertThat(completedOnKafka.data().get("createdBy").asText()).isEqualTo(userId);
        assertThat(published(Topics.WORKFLOW_TASK_REOPENED, taskId).data().get("reopenedBy").asText()).isEqualTo(userId);
        assertThat(published(Topics.WORKFLOW_TASK_UNASSIGNED, taskId).data().get("previousAssigneeId").asText())
                .isEqualTo(colleague);
        assertThat(published(Topics.WORKFLOW_TASK_ARCHIVED, taskId).data().get("previousStatus").asText()).isEqualTo("OPEN");
        KafkaTestClient.Envelope createdOnKafka = published(Topics.WORKFLOW_TASK_CREATED, taskId);
        assertThat(createdOnKafka.text("eventVersion")).isEqualTo("v2");
        assertThat(createdOnKafka.data().get("priority").asText()).isEqualTo("HIGH");
    }

    @Test
    void illegalTransitionsAre409NamingTheCurrentStatusAndWriteNothing() {
        String task = "/workflow/tasks/" + newTask();
        String taskId = task.substring(task.lastIndexOf('/') + 1);

        ResponseEntity<String> reopenOpen = post(task + "/reopen", null, headers());
        ResponseEntity<String> unassignNobody = exchange(HttpMethod.DELETE, task + "/assignee", null, headers());
        ok(post(task + "/complete", null, headers()));
        ResponseEntity<String> completeTwice = post(task + "/complete", null, headers());
        ResponseEntity<String> assignCompleted = exchange(HttpMethod.PUT, task + "/assignee",
                Map.of("assigneeId", colleague), headers());
        ok(post(task + "/archive", null, headers()));
        ResponseEntity<String> editArchived = exchange(HttpMethod.PATCH, task, Map.of("title", "Too late"), headers());
        ResponseEntity<String> archiveTwice = post(task + "/archive", null, headers());
        ResponseEntity<String> reopenArchived = post(task + "/reopen", null, headers());

        assertConflict(reopenOpen, "OPEN");
        assertConflict(unassignNobody, "OPEN");
        assertThat(unassignNobody.getBody()).contains("no assignee");
        assertConflict(completeTwice, "COMPLETED");
        assertConflict(assignCompleted, "COMPLETED");
        assertConflict(editArchived, "ARCHIVED");
        assertConflict(archiveTwice, "ARCHIVED");
        assertConflict(reopenArchived, "ARCHIVED");
        assertThat(stream(taskId)).extracting(StoredEvent::simpleType)
                .containsExactly("TaskCreatedEvent", "TaskCompletedEvent", "TaskArchivedEvent");
    }

    @Test
    void reRequestsThatChangeNothingAre200WithoutAnEvent() {
        String taskId = newTask();
        String task = "/workflow/tasks/" + taskId;
        ok(exchange(HttpMethod.PUT, task + "/assignee", Map.of("assigneeId", colleague), headers()));

        JsonNode sameAssignee = ok(exchange(HttpMethod.PUT, task + "/assignee", Map.of("assigneeId", colleague), headers()));
        JsonNode sameTitle = ok(exchange(HttpMethod.PATCH, task, Map.of("title", "A task"), headers()));

        assertThat(sameAssignee.get("version").asLong()).isEqualTo(1);
        assertThat(sameTitle.get("version").asLong()).isEqualTo(1);
        assertThat(stream(taskId)).hasSize(2);
    }

    @Test
    void assigningANonMemberIs422NamingTheFieldAndNothingIsWrittenOrPublished() {
        String taskId = newTask();
        String task = "/workflow/tasks/" + taskId;
        String stranger = UUID.randomUUID().toString();
        String memberElsewhere = UUID.randomUUID().toString();
        becomeMember(UUID.randomUUID().toString(), memberElsewhere, Role.MEMBER);

        ResponseEntity<String> refused = exchange(HttpMethod.PUT, task + "/assignee", Map.of("assigneeId", stranger), headers());
        ResponseEntity<String> elsewhere = exchange(HttpMethod.PUT, task + "/assignee",
                Map.of("assigneeId", memberElsewhere), headers());

        for (ResponseEntity<String> response : List.of(refused, elsewhere)) {
            assertThat(response.getStatusCode().value()).isEqualTo(422);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(response.getBody()).get("detail").asText()).startsWith("assigneeId:");
            assertThat(response.getBody()).contains("correlationId");
        }
        assertThat(stream(taskId)).hasSize(1);
        // once a later assignment of the same task is on Kafka, the publisher has passed the refused requests
        ok(exchange(HttpMethod.PUT, task + "/assignee", Map.of("assigneeId", colleague), headers()));
        published(Topics.WORKFLOW_TASK_ASSIGNED, taskId);
        assertThat(kafka.read(Topics.WORKFLOW_TASK_ASSIGNED, organizationId))
                .filteredOn(e -> taskId.equals(e.data().get("taskId").asText()))
                .extracting(e -> e.data().get("assigneeId").asText()).containsExactly(colleague);
    }

    @Test
    void anUnknownTaskATaskOfAnotherOrganizationAndAProjectAreTheSame404() {
        String otherOrganization = UUID.randomUUID().toString();
        becomeMember(otherOrganization, userId, Role.MEMBER);
        String theirProject = createProject(otherOrganization, userId);
        String theirTask = createTask(otherOrganization, userId, theirProject).get("taskId").asText();
        String unknown = UUID.randomUUID().toString();

        ResponseEntity<String> unknownTask = post("/workflow/tasks/" + unknown + "/complete", null, headers());
        ResponseEntity<String> foreignTask = post("/workflow/tasks/" + theirTask + "/complete", null, headers());
        ResponseEntity<String> foreignEdit = exchange(HttpMethod.PATCH, "/workflow/tasks/" + theirTask,
                Map.of("title", "Mine now"), headers());
        ResponseEntity<String> project = post("/workflow/tasks/" + projectId + "/archive", null, headers());

        for (ResponseEntity<String> response : List.of(unknownTask, foreignTask, foreignEdit, project)) {
            assertThat(response.getStatusCode().value()).isEqualTo(404);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
        JsonNode unknownBody = read(unknownTask.getBody());
        JsonNode foreignBody = read(foreignTask.getBody());
        assertThat(foreignBody.get("title")).isEqualTo(unknownBody.get("title"));
        assertThat(foreignBody.get("detail").asText()).isEqualTo("Task " + theirTask + " not found");
        assertThat(unknownBody.get("detail").asText()).isEqualTo("Task " + unknown + " not found");
        assertThat(read(project.getBody()).get("detail").asText()).isEqualTo("Task " + projectId + " not found");
        assertThat(fieldNames(foreignBody)).containsExactlyInAnyOrderElementsOf(fieldNames(unknownBody));
        assertThat(stream(theirTask)).hasSize(1);
        assertThat(stream(projectId)).hasSize(1);
    }

    @Test
    void badInputIs400NamingTheFieldAndWritesNothing() {
        String taskId = newTask();
        String task = "/workflow/tasks/" + taskId;

        ResponseEntity<String> nothingToEdit = exchange(HttpMethod.PATCH, task, Map.of(), headers());
        ResponseEntity<String> blankTitle = exchange(HttpMethod.PATCH, task, Map.of("title", "  "), headers());
        ResponseEntity<String> longTitle = exchange(HttpMethod.PATCH, task, Map.of("title", "x".repeat(201)), headers());
        ResponseEntity<String> longDescription = exchange(HttpMethod.PATCH, task, Map.of("description", "x".repeat(4001)),
                headers());
        ResponseEntity<String> noAssignee = exchange(HttpMethod.PUT, task + "/assignee", Map.of(), headers());
        ResponseEntity<String> notJson = exchange(HttpMethod.PUT, task + "/assignee", "{nope", headers());
        ResponseEntity<String> badPriority = post("/workflow/tasks",
                Map.of("projectId", projectId, "title", "Urgent?", "priority", "URGENT"), headers());

        assertThat(nothingToEdit.getStatusCode().value()).isEqualTo(400);
        assertThat(nothingToEdit.getBody()).contains("title").contains("description");
        assertThat(blankTitle.getStatusCode().value()).isEqualTo(400);
        assertThat(blankTitle.getBody()).contains("\"field\":\"title\"");
        assertThat(longTitle.getStatusCode().value()).isEqualTo(400);
        assertThat(longTitle.getBody()).contains("\"field\":\"title\"");
        assertThat(longDescription.getStatusCode().value()).isEqualTo(400);
        assertThat(longDescription.getBody()).contains("\"field\":\"description\"");
        assertThat(noAssignee.getStatusCode().value()).isEqualTo(400);
        assertThat(noAssignee.getBody()).contains("\"field\":\"assigneeId\"");
        assertThat(notJson.getStatusCode().value()).isEqualTo(400);
        assertThat(badPriority.getStatusCode().value()).isEqualTo(400);
        assertThat(badPriority.getBody()).contains("\"field\":\"priority\"").contains("LOW, NORMAL, HIGH");
        assertThat(stream(taskId)).hasSize(1);
        assertThat(eventsMentioning("Urgent?")).isZero();
    }

    @Test
    void viewersAndNonMembersMayNotChangeTasks() {
        String taskId = newTask();
        String task = "/workflow/tasks/" + taskId;
        HttpHeaders viewer = CommandSideIntegrationTest.headers(organizationId, colleague);
        HttpHeaders outsider = CommandSideIntegrationTest.headers(organizationId, UUID.randomUUID().toString());

        ResponseEntity<String> viewerCompletes = post(task + "/complete", null, viewer);
        ResponseEntity<String> outsiderEdits = exchange(HttpMethod.PATCH, task, Map.of("title", "Mine"), outsider);

        assertThat(viewerCompletes.getStatusCode().value()).isEqualTo(403);
        assertThat(viewerCompletes.getBody()).contains("VIEWER");
        assertThat(outsiderEdits.getStatusCode().value()).isEqualTo(403);
        assertThat(stream(taskId)).hasSize(1);
    }

    private String newTask() {
        return createTask(organizationId, userId, projectId).get("taskId").asText();
    }

    private HttpHeaders headers() {
        return CommandSideIntegrationTest.headers(organizationId, userId);
    }

    private static JsonNode ok(ResponseEntity<String> response) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(200);
        return read(response.getBody());
    }

    private static void assertConflict(ResponseEntity<String> response, String currentStatus) {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(409);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(read(response.getBody()).get("detail").asText()).contains("Task is " + currentStatus);
    }

    /** The envelope about {@code taskId} on {@code topic}, once it is there; checked against its schema. */
    private KafkaTestClient.Envelope published(String topic, String taskId) {
        List<KafkaTestClient.Envelope> found = await().atMost(EVENTUALLY).until(
                () -> kafka.read(topic, organizationId).stream()
                        .filter(e -> taskId.equals(e.data().get("taskId").asText())).toList(),
                l -> !l.isEmpty());
        KafkaTestClient.Envelope envelope = found.get(0);
        assertThat(envelope.key()).isEqualTo(organizationId);
        assertThat(schemas.problems(envelope.json().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
        return envelope;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
