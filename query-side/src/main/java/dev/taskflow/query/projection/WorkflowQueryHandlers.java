package dev.taskflow.query.projection;

import dev.taskflow.api.query.FindTaskQuery;
import dev.taskflow.api.query.FindTasksQuery;
import dev.taskflow.api.query.TaskPage;
import dev.taskflow.api.query.TaskView;
import dev.taskflow.query.api.CountTasksByStatusQuery;
import dev.taskflow.query.api.FindProjectsQuery;
import dev.taskflow.query.api.FindTaskDetailsQuery;
import dev.taskflow.query.api.ProjectPage;
import dev.taskflow.query.api.ProjectTaskCounts;
import dev.taskflow.query.api.SearchTasksQuery;
import dev.taskflow.query.api.TaskDetails;
import dev.taskflow.query.api.TaskDetailsPage;
import dev.taskflow.query.api.TaskSort;
import dev.taskflow.query.projection.WorkflowViewStore.TaskCriteria;
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
 * <p>
 * The published queries (core-api's {@link FindTaskQuery}, {@link FindTasksQuery}) keep their
 * {@link TaskView} answer; this service's own queries answer with the lifecycle fields too.
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
        return store.findTask(query.organizationId(), query.taskId()).map(WorkflowQueryHandlers::published);
    }

    @QueryHandler
    Optional<TaskDetails> handle(FindTaskDetailsQuery query) {
        return store.findTask(query.organizationId(), query.taskId());
    }

    /** The default list: archived tasks left out, newest first. */
    @QueryHandler
    TaskPage handle(FindTasksQuery query) {
        TaskDetailsPage page = handle(new SearchTasksQuery(query.organizationId(), query.projectId(), null, null,
                TaskSort.DEFAULT, query.page(), query.size()));
        return new TaskPage(page.items().stream().map(WorkflowQueryHandlers::published).toList(), page.page(),
                page.size(), page.totalItems());
    }

    @QueryHandler
    TaskDetailsPage handle(SearchTasksQuery query) {
        requireValidPage(query.page(), query.size());
        TaskCriteria criteria = new TaskCriteria(query.organizationId(), blankToNull(query.projectId()),
                blankToNull(query.assigneeId()), query.statuses());
        long offset = (long) query.page() * query.size();
        return snapshot.execute(tx -> new TaskDetailsPage(
                store.findTasks(criteria, query.sort(), offset, query.size()),
                query.page(), query.size(), store.countTasks(criteria)));
    }

    @QueryHandler
    Optional<ProjectTaskCounts> handle(CountTasksByStatusQuery query) {
        return snapshot.execute(tx -> store.countByStatus(query.organizationId(), query.projectId()));
    }

    @QueryHandler
    ProjectPage handle(FindProjectsQuery query) {
        requireValidPage(query.page(), query.size());
        long offset = (long) query.page() * query.size();
        return snapshot.execute(tx -> new ProjectPage(
                store.findProjects(query.organizationId(), offset, query.size()),
                query.page(), query.size(), store.countProjects(query.organizationId())));
    }

    private static TaskView published(TaskDetails task) {
        return new TaskView(task.taskId(), task.organizationId(), task.projectId(), task.title(), task.status(),
                task.createdBy(), task.createdAt());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static void requireValidPage(int page, int size) {
        if (page < 0 || size < 1) {
            throw new IllegalArgumentException("page must be >= 0 and size >= 1, was " + page + "/" + size);
        }
    }
}
