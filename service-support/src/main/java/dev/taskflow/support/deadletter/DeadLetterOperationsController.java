package dev.taskflow.support.deadletter;

import dev.taskflow.support.web.RequestContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API of this service's dead letters, reached through the gateway as
 * {@code /admin/dlq/<consumer>} (platform operators only). {@code <consumer>} is this service's
 * {@code taskflow.consumer.name}.
 */
@RestController
@RequestMapping("/admin/dlq/{consumer}")
public class DeadLetterOperationsController {

    private final DeadLetterOperations operations;

    public DeadLetterOperationsController(DeadLetterOperations operations) {
        this.operations = operations;
    }

    /** A page of dead letters, oldest first, sensitive payload fields redacted. */
    @GetMapping
    DeadLetterOperations.Page letters(@PathVariable String consumer, @RequestParam(defaultValue = "0") int page,
                                      @RequestParam(defaultValue = "50") int size) {
        return operations.page(consumer, page, size);
    }

    /** Processes the letter again, after the letters of its sequence that come before it. */
    @PostMapping("/{id}/retry")
    DeadLetterAdmin.ReplayResult retry(@PathVariable String consumer, @PathVariable String id) {
        return operations.retry(consumer, id);
    }

    /** Processes every dead letter again, sequence by sequence. */
    @PostMapping("/retry-all")
    DeadLetterAdmin.ReplayResult retryAll(@PathVariable String consumer) {
        return operations.retryAll(consumer);
    }

    /** Drops the letter without processing it; the audit entry is a record on the dead-letter topic. */
    @PostMapping("/{id}/discard")
    DeadLetterOperations.LetterView discard(@PathVariable String consumer, @PathVariable String id,
                                            RequestContext context) {
        return operations.discard(consumer, id, context.userId());
    }
}
