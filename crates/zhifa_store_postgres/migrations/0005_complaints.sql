-- Complaints and reports from the public (投诉举报): the events each complaint is folded from,
-- and a summary of the folded complaint that lists and the deadline sweep read.

create table complaints (
    id bigserial primary key,
    tracking_no text not null constraint complaints_tracking_key unique,
    check_hash text not null,
    service_code text not null,
    filed_at timestamptz not null,
    updated_at timestamptz not null,
    org_id bigint not null constraint complaints_org_fk references orgs (id),
    supervisor_id bigint constraint complaints_supervisor_fk references orgs (id),
    status text not null constraint complaints_status_check
        check (status in ('received', 'accepted', 'answered', 'rejected')),
    due_on date,
    snapshot text not null
);
create index complaints_org_idx on complaints (org_id, id);
create index complaints_supervisor_idx on complaints (supervisor_id, id);
create index complaints_due_idx on complaints (due_on) where due_on is not null;

create table complaint_events (
    complaint_id bigint not null constraint complaint_events_complaint_fk references complaints (id),
    n bigint not null constraint complaint_events_n_check check (n >= 0),
    at timestamptz not null,
    actor_id bigint constraint complaint_events_actor_fk references users (id),
    event text not null,
    constraint complaint_events_pkey primary key (complaint_id, n)
);

-- A complaint's record only grows.
create trigger complaint_events_no_update before update on complaint_events
    for each statement execute function append_only();
create trigger complaint_events_no_delete before delete on complaint_events
    for each statement execute function append_only();
create trigger complaint_events_no_truncate before truncate on complaint_events
    for each statement execute function append_only();

-- Its summary is rewritten with each step, but never removed, and its filing (tracking
-- number, check code, service and time) never changes.
create function complaints_keep_filing() returns trigger language plpgsql as $$
begin
    if (new.tracking_no, new.check_hash, new.service_code, new.filed_at)
        is not distinct from
        (old.tracking_no, old.check_hash, old.service_code, old.filed_at)
    then
        return new;
    end if;
    raise exception 'a complaint''s filing does not change'
        using errcode = 'restrict_violation';
end;
$$;
create trigger complaints_keep_filing before update on complaints
    for each row execute function complaints_keep_filing();
create trigger complaints_no_delete before delete on complaints
    for each statement execute function append_only();
create trigger complaints_no_truncate before truncate on complaints
    for each statement execute function append_only();
