package dev.taskflow.query.web;

import dev.taskflow.api.Role;
import dev.taskflow.api.workflow.TaskStatus;
import dev.taskflow.query.api.CountTasksByStatusQuery;
import dev.taskflow.query.api.FindProjectsQuery;
import dev.taskflow.query.api.FindTaskDetailsQuery;
import dev.taskflow.query.api.ProjectPage;
import dev.taskflow.query.api.ProjectTaskCounts;
import dev.taskflow.query.api.SearchTasksQuery;
import dev.taskflow.query.api.TaskDetails;
import dev.taskflow.query.api.TaskDetailsPage;
import dev.taskflow.query.api.TaskSort;
import dev.taskflow.support.membership.MembershipGuard;
import dev.taskflow.support.web.ApiProblem;
import dev.taskflow.support.web.RequestContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.List;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read endpoints of the workflow. The caller's role is checked against the local membership cache;
 * the answers come from the query handlers through the QueryGateway, never from the tables directly.
 */
@RestController
@RequestMapping("/workflow")
class WorkflowQueryController {

    private static final String STATUS = "OPEN, COMPLETED, ARCHIVED; several comma-separated or repeated; "
            + "default OPEN,COMPLETED (archived tasks only when asked for)";
    private static final String SORT = "createdAt, updatedAt or title, optionally ',asc' or ',desc'; "
            + "default createdAt,desc (title alone: ascending)";

    private final QueryGateway queries;
    private final MembershipGuard guard;

    WorkflowQueryController(QueryGateway queries, MembershipGuard guard) {
        this.queries = queries;
        this.guard = guard;
    }

    @Operation(summary = "One task of the active organization (VIEWER+); 404 when absent or in another organization")
    @GetMapping("/tasks/{taskId}")
    TaskDetails task(@PathVariable String taskId, @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        return queries.query(new FindTaskDetailsQuery(organizationId, taskId),
                        ResponseTypes.optionalInstanceOf(TaskDetails.class))
                .join()
                .orElseThrow(() -> ApiProblem.notFound("Task " + taskId));
    }

    @Operation(summary = "Tasks of the active organization (VIEWER+); archived ones only when 'status' names ARCHIVED")
    @GetMapping("/tasks")
    TaskDetailsPage tasks(@Parameter(description = "only tasks of this project") @RequestParam(required = false) String projectId,
                          @Parameter(description = "only tasks assigned to this user") @RequestParam(required = false) String assigneeId,
                          @Parameter(description = STATUS) @RequestParam(required = false) List<String> status,
                          @Parameter(description = SORT) @RequestParam(required = false) String sort,
                          @RequestParam(defaultValue = "0") int page,
                          @RequestParam(defaultValue = "20") int size,
                          @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        return search(organizationId, projectId, trimmed(assigneeId), status, sort, page, size);
    }

    @Operation(summary = "Tasks assigned to the caller in the active organization (VIEWER+), same filters as /tasks")
    @GetMapping("/tasks/mine")
    TaskDetailsPage myTasks(@Parameter(description = "only tasks of this project") @RequestParam(required = false) String projectId,
                            @Parameter(description = STATUS) @RequestParam(required = false) List<String> status,
                            @Parameter(description = SORT) @RequestParam(required = false) String sort,
                            @RequestParam(defaultValue = "0") int page,
                            @RequestParam(defaultValue = "20") int size,
                            @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        return search(organizationId, projectId, context.requireUser(), status, sort, page, size);
    }

    @Operation(summary = "Number of tasks per status in a project of the active organization (VIEWER+); 404 for an "
            + "unknown project or one of another organization")
    @GetMapping("/projects/{projectId}/task-counts")
    ProjectTaskCounts taskCounts(@PathVariable String projectId, @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        return queries.query(new CountTasksByStatusQuery(organizationId, projectId),
                        ResponseTypes.optionalInstanceOf(ProjectTaskCounts.class))
                .join()
                .orElseThrow(() -> ApiProblem.notFound("Project " + projectId));
    }

    private TaskDetailsPage search(String organizationId, String projectId, String assigneeId, List<String> status,
                                   String sort, int page, int size) {
        Paging.validate(page, size);
        Set<TaskStatus> statuses = TaskListParameters.statuses(status);
        TaskSort order = TaskListParameters.sort(sort);
        return queries.query(new SearchTasksQuery(organizationId, trimmed(projectId), assigneeId, statuses, order, page,
                size), ResponseTypes.instanceOf(TaskDetailsPage.class)).join();
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Operation(summary = "Projects of the active organization, newest first (VIEWER+)")
    @GetMapping("/projects")
    ProjectPage projects(@RequestParam(defaultValue = "0") int page,
                         @RequestParam(defaultValue = "20") int size,
                         @Parameter(hidden = true) RequestContext context) {
        String organizationId = guard.require(context, Role.VIEWER);
        Paging.validate(page, size);
        return queries.query(new FindProjectsQuery(organizationId, page, size),
                ResponseTypes.instanceOf(ProjectPage.class)).join();
    }
}
