package dev.taskflow.query.projection;

import dev.taskflow.api.query.FindTaskQuery;
import dev.taskflow.api.query.FindTasksQuery;
import dev.taskflow.api.query.TaskPage;
import dev.taskflow.api.query.TaskView;
import dev.taskflow.query.api.FindProjectsQuery;
import dev.taskflow.query.api.ProjectPage;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Answers the workflow queries from the views. Every query is scoped to one organization: a task of
 * another organization is simply not found. Callers validate paging before they ask; an invalid page
 * here is a programming error.
 */
@Component
class WorkflowQueryHandlers {

    private final WorkflowViewStore store;
    private final TransactionTemplate snapshot;

    WorkflowQueryHandlers(WorkflowViewStore store, PlatformTransactionManager transactionManager) {
        this.store = store;
        // a page and its total come from one snapshot, so totalItems always matches the items
        this.snapshot = new TransactionTemplate(transactionManager);
        this.snapshot.setReadOnly(true);
        this.snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    @QueryHandler
    Optional<TaskView> handle(FindTaskQuery query) {
        return store.findTask(query.organizationId(), query.taskId());
    }

    @QueryHandler
    TaskPage handle(FindTasksQuery query) {
        requireValidPage(query.page(), query.size());
        String projectId = query.projectId() == null || query.projectId().isBlank() ? null : query.projectId();
        long offset = (long) query.page() * query.size();
        return snapshot.execute(tx -> new TaskPage(
                store.findTasks(query.organizationId(), projectId, offset, query.size()),
                query.page(), query.size(), store.countTasks(query.organizationId(), projectId)));
    }

    @QueryHandler
    ProjectPage handle(FindProjectsQuery query) {
        requireValidPage(query.page(), query.size());
        long offset = (long) query.page() * query.size();
        return snapshot.execute(tx -> new ProjectPage(
                store.findProjects(query.organizationId(), offset, query.size()),
                query.page(), query.size(), store.countProjects(query.organizationId())));
    }

    private static void requireValidPage(int page, int size) {
        if (page < 0 || size < 1) {
            throw new IllegalArgumentException("page must be >= 0 and size >= 1, was " + page + "/" + size);
        }
    }
}
