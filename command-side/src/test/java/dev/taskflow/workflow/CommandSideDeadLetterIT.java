package dev.taskflow.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskflow.api.Plan;
import dev.taskflow.api.Role;
import dev.taskflow.api.billing.EntitlementsUpdatedEvent;
import dev.taskflow.api.messaging.Topics;
import dev.taskflow.api.organization.MemberRemovedEvent;
import dev.taskflow.infra.KafkaTestClient;
import dev.taskflow.infra.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

/**
 * The command side's own consumers (membership and entitlement caches) dead-letter what they cannot
 * apply to {@code workflow.dlq} instead of stopping, and a member whose membership is parked is denied.
 */
class CommandSideDeadLetterIT extends CommandSideIntegrationTest {

    private static final String DLQ = "workflow.dlq";

    @Autowired
    MeterRegistry meters;

    private final String organizationId = UUID.randomUUID().toString();
    private final String userId = UUID.randomUUID().toString();
    private final KafkaTestClient kafka = new KafkaTestClient(TestInfrastructure.kafka().bootstrapServers());

    @AfterEach
    void cleanUp() {
        jdbc.execute("drop trigger if exists refuse_removal on membership_cache");
        jdbc.execute("drop function if exists refuse_removal()");
        kafka.close();
    }

    @Test
    void aMalformedMembershipRecordIsDeadLetteredAtOnceAndTheCacheGoesOn() {
        RecordMetadata poison = kafka.publishRaw(Topics.ORGANIZATION_MEMBER_ADDED, organizationId,
                "{\"eventType\":".getBytes(StandardCharsets.UTF_8));

        // a membership behind the poison record on the same partition still arrives
        becomeMember(organizationId, userId, Role.MEMBER);

        ConsumerRecord<String, byte[]> parked = parkedRecord(Topics.ORGANIZATION_MEMBER_ADDED, poison);
        assertThat(parked.key()).isEqualTo(organizationId);
        assertThat(KafkaTestClient.headers(parked)).containsEntry("dlq-processing-group", "membership-cache")
                .containsEntry("dlq-consumer", "workflow");
        assertThat(createTask(organizationId, userId, createProject(organizationId, userId)).get("taskId").asText()).isNotBlank();
    }

    @Test
    void aMalformedEntitlementsRecordIsDeadLetteredAndLaterPlansStillApply() {
        becomeMember(organizationId, userId, Role.MEMBER);
        RecordMetadata poison = kafka.publishRaw(Topics.BILLING_ENTITLEMENTS_UPDATED, organizationId,
                "not json at all".getBytes(StandardCharsets.UTF_8));
        Plan team = Plan.TEAM;
        kafka.publish(new EntitlementsUpdatedEvent(organizationId, team, team.maxProjects(), team.maxTasks(), Instant.now()),
                "billing");

        await().atMost(EVENTUALLY).until(() -> jdbc.queryForObject(
                "select count(*) from entitlement_cache where organization_id = ? and plan = 'TEAM'", Integer.class,
                organizationId) == 1);
        assertThat(KafkaTestClient.headers(parkedRecord(Topics.BILLING_ENTITLEMENTS_UPDATED, poison)))
                .containsEntry("dlq-processing-group", "entitlement-cache");
    }

    @Test
    void aMemberWhoseRemovalCannotBeAppliedIsDeniedAndAReplayOnceFixedSettlesIt() {
        becomeMember(organizationId, userId, Role.MEMBER);
        String projectId = createProject(organizationId, userId);
        double deniedBefore = denied("membership-dead-lettered");
        jdbc.execute("""
                create or replace function refuse_removal() returns trigger as $$
                begin
                  if new.user_id = '%s' and new.role is null then raise exception 'refused by fault injection'; end if;
                  return new;
                end $$ language plpgsql""".formatted(userId));
        jdbc.execute("create trigger refuse_removal before update on membership_cache "
                + "for each row execute function refuse_removal()");

        kafka.publish(new MemberRemovedEvent(organizationId, userId, "owner", Instant.now()), "owner");

        // the removal could not be applied, so the cache still names a role: the guard must not trust it
        await().atMost(EVENTUALLY).until(() -> parkedLetters() == 1);
        assertThat(jdbc.queryForObject("select role from membership_cache where organization_id = ? and user_id = ?",
                String.class, organizationId, userId)).isEqualTo("MEMBER");
        ResponseEntity<String> refused = post("/workflow/tasks", Map.of("projectId", projectId, "title", "Parked"),
                headers(organizationId, userId));
        assertThat(refused.getStatusCode().value()).isEqualTo(403);
        assertThat(denied("membership-dead-lettered")).isGreaterThan(deniedBefore);
        assertThat(eventsMentioning("Parked")).isZero();
        assertThat(kafka.recordsWithHeader(DLQ, "dlq-sequence", "member:" + organizationId + ":" + userId)).hasSize(1);

        jdbc.execute("drop trigger refuse_removal on membership_cache");
        ResponseEntity<JsonNode> replay = http.postForEntity("/admin/dead-letters/replay?processingGroup=membership-cache",
                null, JsonNode.class);

        assertThat(replay.getStatusCode().value()).isEqualTo(200);
        assertThat(parkedLetters()).isZero();
        assertThat(jdbc.queryForObject("select role from membership_cache where organization_id = ? and user_id = ?",
                String.class, organizationId, userId)).isNull();
        assertThat(post("/workflow/tasks", Map.of("projectId", projectId, "title", "Removed"),
                headers(organizationId, userId)).getStatusCode().value()).isEqualTo(403);
    }

    private int parkedLetters() {
        return jdbc.queryForObject("select count(*) from dead_letter_entry where processing_group = 'membership-cache' "
                + "and sequence_identifier = ?", Integer.class, "member:" + organizationId + ":" + userId);
    }

    private ConsumerRecord<String, byte[]> parkedRecord(String topic, RecordMetadata original) {
        List<ConsumerRecord<String, byte[]>> parked = await().atMost(EVENTUALLY).until(() -> kafka
                .recordsWithHeader(DLQ, "dlq-original-topic", topic).stream()
                .filter(r -> String.valueOf(original.offset()).equals(KafkaTestClient.headers(r).get("dlq-original-offset")))
                .filter(r -> String.valueOf(original.partition()).equals(KafkaTestClient.headers(r).get("dlq-original-partition")))
                .toList(), l -> !l.isEmpty());
        return parked.get(0);
    }

    private double denied(String reason) {
        return meters.get("membership.denied").tag("reason", reason).counter().count();
    }
}
