package dev.taskflow.audit.web;

import dev.taskflow.audit.correlation.CorrelationLookup;
import dev.taskflow.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a correlation id caused, across organizations, for platform operators. Reached through the gateway
 * as {@code /admin/audit/**}, which lets only operators in; the gateway's {@code GET /admin/requests/{id}}
 * puts these records next to its own record of the request.
 */
@RestController
class OperatorAuditController {

    /** The gateway's own rule for correlation ids; anything else was never one. */
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final CorrelationLookup lookup;

    OperatorAuditController(CorrelationLookup lookup) {
        this.lookup = lookup;
    }

    record CorrelationView(String correlationId, List<CorrelationLookup.CorrelatedRecord> records, boolean truncated) {
    }

    @Operation(summary = "Audit records of one correlation id in every organization, oldest first (operators)")
    @GetMapping("/admin/audit/correlations/{correlationId}")
    CorrelationView correlation(@PathVariable String correlationId) {
        if (!CORRELATION_ID.matcher(correlationId).matches()) {
            throw ApiProblem.badRequest("A correlation id is 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'");
        }
        CorrelationLookup.Correlated found = lookup.find(correlationId);
        return new CorrelationView(correlationId, found.records(), found.truncated());
    }
}
