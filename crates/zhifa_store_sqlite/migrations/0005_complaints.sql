-- Complaints and reports from the public (投诉举报): the events each complaint is folded from,
-- and a summary of the folded complaint that lists and the deadline sweep read.

create table complaints (
    id integer primary key,
    tracking_no text not null constraint complaints_tracking_key unique,
    check_hash text not null,
    service_code text not null,
    filed_at text not null,
    updated_at text not null,
    org_id integer not null constraint complaints_org_fk references orgs (id),
    supervisor_id integer constraint complaints_supervisor_fk references orgs (id),
    status text not null constraint complaints_status_check
        check (status in ('received', 'accepted', 'answered', 'rejected')),
    due_on text,
    snapshot text not null
);
create index complaints_org_idx on complaints (org_id, id);
create index complaints_supervisor_idx on complaints (supervisor_id, id);
create index complaints_due_idx on complaints (due_on) where due_on is not null;

create table complaint_events (
    complaint_id integer not null constraint complaint_events_complaint_fk references complaints (id),
    n integer not null constraint complaint_events_n_check check (n >= 0),
    at text not null,
    actor_id integer constraint complaint_events_actor_fk references users (id),
    event text not null,
    constraint complaint_events_pkey primary key (complaint_id, n)
) without rowid;

-- A complaint's record only grows; its summary is rewritten, never removed.
create trigger complaint_events_no_update before update on complaint_events
begin
    select raise(abort, 'complaint_events are append-only');
end;
create trigger complaint_events_no_delete before delete on complaint_events
begin
    select raise(abort, 'complaint_events are append-only');
end;
create trigger complaints_no_delete before delete on complaints
begin
    select raise(abort, 'complaints are never removed');
end;
create trigger complaints_keep_filing before update on complaints
when new.tracking_no is not old.tracking_no
    or new.check_hash is not old.check_hash
    or new.service_code is not old.service_code
    or new.filed_at is not old.filed_at
begin
    select raise(abort, 'a complaint''s filing does not change');
end;
