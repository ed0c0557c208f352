-- Foundation: administrative tree, accounts, law library, catalogs, acceptance lists,
-- grants, officers, audit trail.

create table orgs (
    id integer primary key,
    parent_id integer constraint orgs_parent_fk references orgs (id),
    kind text not null,
    name text not null,
    code text not null constraint orgs_code_key unique,
    path text not null default '',
    class_id integer constraint orgs_class_fk references township_classes (id)
);

create table township_classes (
    id integer primary key,
    county_id integer not null constraint township_classes_county_fk references orgs (id),
    name text not null,
    description text not null default '',
    constraint township_classes_name_key unique (county_id, name)
);

create table users (
    id integer primary key,
    username text not null constraint users_username_key unique,
    display_name text not null,
    role text not null,
    org_id integer not null constraint users_org_fk references orgs (id),
    password_hash text not null,
    active integer not null default 1,
    created_at text not null
);

create table sessions (
    token_hash text primary key,
    user_id integer not null constraint sessions_user_fk references users (id),
    csrf_token text not null,
    created_at text not null,
    expires_at text not null,
    revoked_at text
);

create table api_tokens (
    id integer primary key,
    user_id integer not null constraint api_tokens_user_fk references users (id),
    name text not null,
    token_hash text not null constraint api_tokens_hash_key unique,
    created_at text not null,
    revoked_at text
);

create table laws (
    id integer primary key,
    title text not null,
    full_title text not null,
    version text not null,
    source text not null,
    history text not null,
    constraint laws_title_version_key unique (title, version)
);

create table articles (
    law_id integer not null constraint articles_law_fk references laws (id),
    number integer not null,
    chapter text,
    text text not null,
    shape text not null,
    constraint articles_pkey primary key (law_id, number)
);

create table catalogs (
    id integer primary key,
    name text not null,
    version text not null,
    source text not null,
    imported_at text not null,
    constraint catalogs_name_version_key unique (name, version)
);

create table catalog_items (
    id integer primary key,
    catalog_id integer not null constraint catalog_items_catalog_fk references catalogs (id),
    code text not null constraint catalog_items_code_key unique,
    name text not null,
    kind text not null,
    source text not null,
    legal_basis text not null,
    domain text not null,
    department text not null
);

create table acceptance_lists (
    id integer primary key,
    township_id integer not null constraint acceptance_lists_township_fk references orgs (id),
    batch text not null,
    status text not null,
    consent text,
    assessment text,
    review text,
    created_on text not null,
    published_on text,
    filed_on text
);

create table acceptance_list_items (
    list_id integer not null constraint list_items_list_fk references acceptance_lists (id),
    position integer not null,
    item_id integer not null constraint list_items_item_fk references catalog_items (id),
    effective_from text not null,
    transition_until text,
    constraint list_items_pkey primary key (list_id, item_id)
);

create table grants (
    id integer primary key,
    township_id integer not null constraint grants_township_fk references orgs (id),
    item_id integer not null constraint grants_item_fk references catalog_items (id),
    list_id integer not null constraint grants_list_fk references acceptance_lists (id),
    effective_from text not null,
    transition_until text,
    until text,
    withdrawal_reason text,
    constraint grants_until_after_start check (until is null or until > effective_from)
);
create index grants_township_item on grants (township_id, item_id);

create table problem_reports (
    id integer primary key,
    township_id integer not null constraint problem_reports_township_fk references orgs (id),
    item_id integer not null constraint problem_reports_item_fk references catalog_items (id),
    reported_by integer not null constraint problem_reports_user_fk references users (id),
    reported_on text not null,
    text text not null
);

create table certificates (
    id integer primary key,
    holder_id integer not null constraint certificates_holder_fk references users (id),
    number text not null constraint certificates_number_key unique,
    issued_on text not null,
    expires_on text not null,
    domains text not null,
    revoked_on text,
    revocation_ground text,
    revocation_reason text,
    reviews text not null default '[]'
);

create table training_records (
    id integer primary key,
    user_id integer not null constraint training_user_fk references users (id),
    kind text not null,
    hours integer not null constraint training_hours_positive check (hours > 0),
    course text not null,
    taken_on text not null
);

create table annual_assessments (
    id integer primary key,
    user_id integer not null constraint assessments_user_fk references users (id),
    year integer not null,
    grade text not null,
    note text not null,
    by_user integer not null constraint assessments_by_fk references users (id),
    assessed_on text not null,
    constraint assessments_user_year_key unique (user_id, year)
);

create table events (
    seq integer primary key,
    at text not null,
    actor_id integer constraint events_actor_fk references users (id),
    org_id integer constraint events_org_fk references orgs (id),
    kind text not null,
    subject text not null,
    payload text not null,
    salt blob not null,
    leaf_hash blob not null
);

-- Stored hashes of the Merkle tree over the events (index as in C2SP tlog-tiles).
create table log_hashes (
    idx integer primary key,
    hash blob not null
);

-- Signed checkpoints, one per tree size.
create table checkpoints (
    size integer primary key,
    at text not null,
    note text not null
);

-- Witnesses' cosignatures of checkpoints (C2SP tlog-cosignature lines), one per witness and size.
create table cosignatures (
    size integer not null constraint cosignatures_checkpoint_fk references checkpoints (size),
    witness text not null,
    line text not null,
    at text not null,
    constraint cosignatures_pkey primary key (size, witness)
);

-- The audit trail, its tree and its checkpoints only grow.
create trigger events_no_update before update on events
begin
    select raise(abort, 'events are append-only');
end;
create trigger events_no_delete before delete on events
begin
    select raise(abort, 'events are append-only');
end;
create trigger log_hashes_no_update before update on log_hashes
begin
    select raise(abort, 'log_hashes are append-only');
end;
create trigger log_hashes_no_delete before delete on log_hashes
begin
    select raise(abort, 'log_hashes are append-only');
end;
create trigger checkpoints_no_update before update on checkpoints
begin
    select raise(abort, 'checkpoints are append-only');
end;
create trigger checkpoints_no_delete before delete on checkpoints
begin
    select raise(abort, 'checkpoints are append-only');
end;
create trigger cosignatures_no_update before update on cosignatures
begin
    select raise(abort, 'cosignatures are append-only');
end;
create trigger cosignatures_no_delete before delete on cosignatures
begin
    select raise(abort, 'cosignatures are append-only');
end;

-- Evidence of the full-process record (《行政处罚法》第四十七条). The content is a file named
-- by its SHA-256 in the data directory; this is what is known about it. Never changed.
create table evidence (
    id integer primary key,
    org_id integer not null constraint evidence_org_fk references orgs (id),
    sha256 text not null constraint evidence_sha256_hex
        check (length(sha256) = 64 and sha256 not glob '*[^0-9a-f]*'),
    size integer not null constraint evidence_size_nonnegative check (size >= 0),
    media_type text not null,
    captured_at text not null,
    device text not null,
    officer_id integer not null constraint evidence_officer_fk references users (id),
    subject text,
    uploaded_by integer not null constraint evidence_uploader_fk references users (id),
    uploaded_at text not null
);
create trigger evidence_no_update before update on evidence
begin
    select raise(abort, 'evidence is append-only');
end;
create trigger evidence_no_delete before delete on evidence
begin
    select raise(abort, 'evidence is append-only');
end;
