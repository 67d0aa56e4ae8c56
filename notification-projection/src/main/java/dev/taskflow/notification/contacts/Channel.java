package dev.taskflow.notification.contacts;

/** How a user is notified. In-app is always on: it is the notification record itself. */
public enum Channel {
    IN_APP,
    EMAIL
}
