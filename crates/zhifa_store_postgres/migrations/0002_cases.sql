-- Penalty cases: the events each case is folded from, a snapshot of the folded case, and the
-- agencies' number sequences (case codes, document numbers) without gaps.

create table cases (
    id bigserial primary key,
    org_id bigint not null constraint cases_org_fk references orgs (id),
    code text not null,
    procedure text not null constraint cases_procedure_check check (procedure in ('general', 'simplified')),
    stage text not null,
    title text not null,
    registered_on date not null,
    snapshot text not null,
    updated_at timestamptz not null,
    constraint cases_org_code_key unique (org_id, code)
);
create index cases_org_idx on cases (org_id, id);

create table case_events (
    case_id bigint not null constraint case_events_case_fk references cases (id),
    n bigint not null constraint case_events_n_check check (n >= 0),
    at timestamptz not null,
    actor_id bigint constraint case_events_actor_fk references users (id),
    event text not null,
    constraint case_events_pkey primary key (case_id, n)
);

-- A case's record only grows.
create trigger case_events_no_update before update on case_events
    for each statement execute function append_only();
create trigger case_events_no_delete before delete on case_events
    for each statement execute function append_only();
create trigger case_events_no_truncate before truncate on case_events
    for each statement execute function append_only();

create table number_sequences (
    org_id bigint not null constraint number_sequences_org_fk references orgs (id),
    series text not null,
    year integer not null,
    last bigint not null,
    constraint number_sequences_pkey primary key (org_id, series, year)
);
