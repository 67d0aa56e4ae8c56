package dev.taskflow.notification.delivery;

/** The channels that leave the service, each a row per (event, channel, recipient) in the delivery table. */
public enum DeliveryChannel {
    /** recipient: a user id; the address is looked up when the mail is sent. */
    EMAIL,
    /** recipient: a webhook id. */
    WEBHOOK
}
