package dev.taskflow.audit.web;

import dev.taskflow.api.Role;
import dev.taskflow.audit.trail.AuditRecord;
import dev.taskflow.audit.trail.AuditTrail;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Audit records of the active organization, for its ADMINs and OWNERs. */
@RestController
class AuditController {

    private final AuditTrail trail;
    private final MembershipGuard guard;

    AuditController(AuditTrail trail, MembershipGuard guard) {
        this.trail = trail;
        this.guard = guard;
    }

    @Operation(summary = "Audit records of one entity or one correlation id, oldest first (ADMIN+)")
    @GetMapping("/audit/records")
    List<AuditRecord> records(@RequestParam(required = false) String entityId,
                              @RequestParam(required = false) String correlationId,
                              @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.ADMIN);
        boolean byEntity = entityId != null && !entityId.isBlank();
        boolean byCorrelation = correlationId != null && !correlationId.isBlank();
        if (byEntity == byCorrelation) {
            throw ApiProblem.badRequest("Exactly one of the parameters 'entityId' and 'correlationId' is required");
        }
        return byEntity ? trail.byEntity(organizationId, entityId.trim())
                : trail.byCorrelation(organizationId, correlationId.trim());
    }
}
