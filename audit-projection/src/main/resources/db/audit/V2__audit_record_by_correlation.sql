-- Operators follow a request by its correlation id across organizations (GET /admin/audit/correlations/{id});
-- the (organization_id, correlation_id) index cannot serve a lookup without the organization.
create index audit_record_correlation_idx on audit_record (correlation_id, occurred_at, id);
