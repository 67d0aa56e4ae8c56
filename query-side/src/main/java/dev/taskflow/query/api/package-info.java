/**
 * Queries and answers of this service that are not part of the published language (core-api): what
 * the web layer and the query handlers exchange through the QueryGateway.
 */
package dev.taskflow.query.api;
