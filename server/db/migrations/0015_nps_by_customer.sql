-- Loyalty's first-NPS-answer milestone reads a customer's answers (loyalty-repository.ts): without an
-- index on the customer, every read scanned all of the tenant's answers.
create index nps_responses_by_customer on nps_responses (tenant_id, customer_id, answered_at);
