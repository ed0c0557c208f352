-- Published decisions (事后公开): the redacted record put on the portal, when it went up and
-- when it comes down, and its withdrawal. A case is published once.

create table publications (
    id bigserial primary key,
    org_id bigint not null constraint publications_org_fk references orgs (id),
    case_id bigint not null constraint publications_case_fk references cases (id)
        constraint publications_case_key unique,
    number text not null,
    content text not null,
    decided_on date not null,
    published_at timestamptz not null,
    remove_on date not null,
    seq bigint not null constraint publications_seq_key unique,
    withdrawn_at timestamptz,
    withdrawal_reason text,
    withdrawal_seq bigint constraint publications_withdrawal_seq_key unique,
    constraint publications_withdrawal_whole check (
        (withdrawn_at is null) = (withdrawal_reason is null)
        and (withdrawn_at is null) = (withdrawal_seq is null)
    ),
    constraint publications_withdrawal_reason_nonempty check (trim(withdrawal_reason) <> '')
);
create index publications_org_idx on publications (org_id, id);

-- A publication is never removed, and changes only by its withdrawal, once: an UPDATE of a
-- row not yet withdrawn that sets the three withdrawal columns and nothing else.
create function publications_withdrawal_only() returns trigger language plpgsql as $$
begin
    if old.withdrawn_at is null
        and new.withdrawn_at is not null
        and new.withdrawal_reason is not null
        and new.withdrawal_seq is not null
        and (new.id, new.org_id, new.case_id, new.number, new.content, new.decided_on,
             new.published_at, new.remove_on, new.seq)
            is not distinct from
            (old.id, old.org_id, old.case_id, old.number, old.content, old.decided_on,
             old.published_at, old.remove_on, old.seq)
    then
        return new;
    end if;
    raise exception 'publications change only by their withdrawal, once'
        using errcode = 'restrict_violation';
end;
$$;
create trigger publications_no_update before update on publications
    for each row execute function publications_withdrawal_only();
create trigger publications_no_delete before delete on publications
    for each statement execute function append_only();
create trigger publications_no_truncate before truncate on publications
    for each statement execute function append_only();
