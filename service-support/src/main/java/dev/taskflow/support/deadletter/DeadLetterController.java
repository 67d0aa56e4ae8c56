package dev.taskflow.support.deadletter;

import dev.taskflow.support.web.ApiProblem;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints for the dead letters of this service, on the service's own port only: the public
 * gateway routes no {@code /admin/**} path, so they are not reachable from outside. They take no user
 * headers.
 * <ul>
 *   <li>{@code GET /admin/dead-letters[?processingGroup=…&limit=100]}: the sequences and their letters, with
 *       reason, original topic/partition/offset, correlation and trace ids;</li>
 *   <li>{@code POST /admin/dead-letters/replay[?processingGroup=…&sequence=…]}: process them again, once the
 *       cause is fixed; what succeeds leaves the queue, what fails again stays with the new cause;</li>
 *   <li>{@code DELETE /admin/dead-letters?processingGroup=…&sequence=…}: drop one sequence unprocessed
 *       (for a poison record, which no replay can apply).</li>
 * </ul>
 */
@RestController
@RequestMapping("/admin/dead-letters")
public class DeadLetterController {

    private static final int MAX_LIMIT = 1_000;

    private final DeadLetterAdmin admin;

    public DeadLetterController(DeadLetterAdmin admin) {
        this.admin = admin;
    }

    @GetMapping
    DeadLetterAdmin.Overview list(@RequestParam(required = false) String processingGroup,
                                  @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiProblem.badRequest("Parameter 'limit' must be between 1 and " + MAX_LIMIT);
        }
        return admin.overview(known(processingGroup), limit);
    }

    @PostMapping("/replay")
    DeadLetterAdmin.ReplayResult replay(@RequestParam(required = false) String processingGroup,
                                        @RequestParam(required = false) String sequence) {
        if (sequence != null && processingGroup == null) {
            throw ApiProblem.badRequest("Parameter 'sequence' needs 'processingGroup'");
        }
        return admin.replay(known(processingGroup), blankToNull(sequence));
    }

    @DeleteMapping
    Map<String, Object> discard(@RequestParam String processingGroup, @RequestParam String sequence) {
        if (sequence.isBlank()) {
            throw ApiProblem.badRequest("Parameter 'sequence' must not be blank");
        }
        int removed = admin.discard(known(processingGroup), sequence);
        if (removed == 0) {
            throw ApiProblem.notFound("Dead-letter sequence '" + sequence + "' in " + processingGroup);
        }
        return Map.of("processingGroup", processingGroup, "sequence", sequence, "lettersRemoved", removed);
    }

    private String known(String processingGroup) {
        String group = blankToNull(processingGroup);
        if (group != null && !admin.knows(group)) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "Not found",
                    "No dead-letter queue for processing group '" + group + "'");
        }
        return group;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
