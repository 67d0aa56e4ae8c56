-- Every command-side instance takes each event's global index straight from a sequence of increment 1
-- (META-INF/event-store-orm.xml): with blocks of 50 per instance, a second instance writes events far behind the
-- newest index and the Kafka publisher gives up on them as gaps
-- (docs/decisions/0009-event-store-global-index-one-at-a-time.md).
-- A sequence of its own name: Hibernate's schema validation matches sequences by name in any schema, and the
-- other services' domain_event_entry_seq on the same server still count in 50s.
create sequence domain_event_global_index_seq start with 1 increment by 1;
-- Hibernate read each value of the old sequence as the top of a block it used up to: continue above it.
select setval('domain_event_global_index_seq', last_value, is_called) from domain_event_entry_seq;
-- An instance of an earlier version fails on the missing sequence instead of reusing indexes.
drop sequence domain_event_entry_seq;
