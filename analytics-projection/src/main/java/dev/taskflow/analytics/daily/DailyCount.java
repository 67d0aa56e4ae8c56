package dev.taskflow.analytics.daily;

import java.time.LocalDate;

/** Tasks created in one organization on one UTC day. */
public record DailyCount(LocalDate date, long created) {
}
