package dev.taskflow.notification.delivery;

/** Where a delivery is; see the delivery table in V1__notifications.sql and the README. */
public enum DeliveryStatus {
    PENDING, SENDING, DELIVERED, FAILED, CANCELLED, UNCERTAIN
}
