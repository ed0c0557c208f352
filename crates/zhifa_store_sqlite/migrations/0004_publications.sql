-- Published decisions (事后公开): the redacted record put on the portal, when it went up and
-- when it comes down, and its withdrawal. A case is published once.

create table publications (
    id integer primary key,
    org_id integer not null constraint publications_org_fk references orgs (id),
    case_id integer not null constraint publications_case_fk references cases (id)
        constraint publications_case_key unique,
    number text not null,
    content text not null,
    decided_on text not null,
    published_at text not null,
    remove_on text not null,
    seq integer not null constraint publications_seq_key unique,
    withdrawn_at text,
    withdrawal_reason text,
    withdrawal_seq integer constraint publications_withdrawal_seq_key unique,
    constraint publications_withdrawal_whole check (
        (withdrawn_at is null) = (withdrawal_reason is null)
        and (withdrawn_at is null) = (withdrawal_seq is null)
    ),
    constraint publications_withdrawal_reason_nonempty check (trim(withdrawal_reason) <> '')
);
create index publications_org_idx on publications (org_id, id);

-- A publication is never removed, and changes only by its withdrawal, once: an UPDATE of a
-- row not yet withdrawn that sets the three withdrawal columns and nothing else.
create trigger publications_no_update before update on publications
when old.withdrawn_at is not null
    or new.withdrawn_at is null
    or new.withdrawal_reason is null
    or new.withdrawal_seq is null
    or new.id is not old.id
    or new.org_id is not old.org_id
    or new.case_id is not old.case_id
    or new.number is not old.number
    or new.content is not old.content
    or new.decided_on is not old.decided_on
    or new.published_at is not old.published_at
    or new.remove_on is not old.remove_on
    or new.seq is not old.seq
begin
    select raise(abort, 'publications change only by their withdrawal, once');
end;
create trigger publications_no_delete before delete on publications
begin
    select raise(abort, 'publications are never removed');
end;
