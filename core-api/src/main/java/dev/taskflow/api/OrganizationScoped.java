package dev.taskflow.api;

/**
 * Every integration event belongs to exactly one organization; it is the Kafka record key and the
 * tenant boundary every consumer filters on.
 */
public interface OrganizationScoped {

    String organizationId();
}
