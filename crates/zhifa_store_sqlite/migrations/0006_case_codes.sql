-- Cases looked up by their code alone: a party following its case on the portal knows the
-- code, not the body's id.

create index cases_code_idx on cases (code);
