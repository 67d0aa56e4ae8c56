package dev.taskflow.analytics.daily;

import java.time.LocalDate;

/**
 * Tasks created, and tasks completed, in one organization on one UTC day. A task counts as completed on
 * the day of its latest completion only (a reopened task is not counted until it is completed again).
 */
public record DailyCount(LocalDate date, long created, long completed) {
}
