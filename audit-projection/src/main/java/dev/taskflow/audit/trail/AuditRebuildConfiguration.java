package dev.taskflow.audit.trail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskflow.support.operations.RebuildableProjection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The audit trail can be rebuilt blue-green from Kafka: a second {@link AuditTrailProjection} appends to a
 * shadow copy of {@code audit_record}, which keeps the append-only triggers of the live table.
 */
@Configuration(proxyBeanMethods = false)
class AuditRebuildConfiguration {

    @Bean
    RebuildableProjection auditTrailRebuild(AuditTrail trail, ObjectMapper json) {
        return new RebuildableProjection(AuditTrailProjection.GROUP, List.of(AuditTrail.TABLE),
                tables -> AuditTrailProjection.rebuilding(trail.writingTo(tables.of(AuditTrail.TABLE)), json),
                tables -> List.of(
                        "create trigger audit_record_no_update_delete before update or delete on "
                                + tables.of(AuditTrail.TABLE)
                                + " for each statement execute function audit_record_refuse_change()",
                        "create trigger audit_record_no_truncate before truncate on " + tables.of(AuditTrail.TABLE)
                                + " for each statement execute function audit_record_refuse_change()"));
    }
}
