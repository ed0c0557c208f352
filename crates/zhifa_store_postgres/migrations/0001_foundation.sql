-- Foundation: administrative tree, accounts, law library, catalogs, acceptance lists,
-- grants, officers, audit trail.
--
-- Constraint names are the same as in the SQLite backend: the layers above map them to
-- fields and messages.

create table orgs (
    id bigint generated always as identity primary key,
    parent_id bigint constraint orgs_parent_fk references orgs (id),
    kind text not null,
    name text not null,
    code text not null constraint orgs_code_key unique,
    path text not null default '',
    -- references township_classes, added below once that table exists
    class_id bigint
);

create table township_classes (
    id bigint generated always as identity primary key,
    county_id bigint not null constraint township_classes_county_fk references orgs (id),
    name text not null,
    description text not null default '',
    constraint township_classes_name_key unique (county_id, name)
);

alter table orgs add constraint orgs_class_fk foreign key (class_id) references township_classes (id);

create table users (
    id bigint generated always as identity primary key,
    username text not null constraint users_username_key unique,
    display_name text not null,
    role text not null,
    org_id bigint not null constraint users_org_fk references orgs (id),
    password_hash text not null,
    active boolean not null default true,
    created_at timestamptz not null
);

create table sessions (
    token_hash text primary key,
    user_id bigint not null constraint sessions_user_fk references users (id),
    csrf_token text not null,
    created_at timestamptz not null,
    expires_at timestamptz not null,
    revoked_at timestamptz
);
create index sessions_user on sessions (user_id);

create table api_tokens (
    id bigint generated always as identity primary key,
    user_id bigint not null constraint api_tokens_user_fk references users (id),
    name text not null,
    token_hash text not null constraint api_tokens_hash_key unique,
    created_at timestamptz not null,
    revoked_at timestamptz
);

create table laws (
    id bigint generated always as identity primary key,
    title text not null,
    full_title text not null,
    version text not null,
    source text not null,
    history text not null,
    constraint laws_title_version_key unique (title, version)
);

create table articles (
    law_id bigint not null constraint articles_law_fk references laws (id),
    number integer not null,
    chapter text,
    text text not null,
    shape text not null,
    constraint articles_pkey primary key (law_id, number)
);

create table catalogs (
    id bigint generated always as identity primary key,
    name text not null,
    version text not null,
    source text not null,
    imported_at timestamptz not null,
    constraint catalogs_name_version_key unique (name, version)
);

create table catalog_items (
    id bigint generated always as identity primary key,
    catalog_id bigint not null constraint catalog_items_catalog_fk references catalogs (id),
    code text not null constraint catalog_items_code_key unique,
    name text not null,
    kind text not null,
    source text not null,
    legal_basis text not null,
    domain text not null,
    department text not null
);
create index catalog_items_catalog on catalog_items (catalog_id);

create table acceptance_lists (
    id bigint generated always as identity primary key,
    township_id bigint not null constraint acceptance_lists_township_fk references orgs (id),
    batch text not null,
    status text not null,
    consent text,
    assessment text,
    review text,
    created_on date not null,
    published_on date,
    filed_on date
);

create table acceptance_list_items (
    list_id bigint not null constraint list_items_list_fk references acceptance_lists (id),
    position integer not null,
    item_id bigint not null constraint list_items_item_fk references catalog_items (id),
    effective_from date not null,
    transition_until date,
    constraint list_items_pkey primary key (list_id, item_id)
);

create table grants (
    id bigint generated always as identity primary key,
    township_id bigint not null constraint grants_township_fk references orgs (id),
    item_id bigint not null constraint grants_item_fk references catalog_items (id),
    list_id bigint not null constraint grants_list_fk references acceptance_lists (id),
    effective_from date not null,
    transition_until date,
    until date,
    withdrawal_reason text,
    constraint grants_until_after_start check (until is null or until > effective_from)
);
create index grants_township_item on grants (township_id, item_id);

create table problem_reports (
    id bigint generated always as identity primary key,
    township_id bigint not null constraint problem_reports_township_fk references orgs (id),
    item_id bigint not null constraint problem_reports_item_fk references catalog_items (id),
    reported_by bigint not null constraint problem_reports_user_fk references users (id),
    reported_on date not null,
    text text not null
);

create table certificates (
    id bigint generated always as identity primary key,
    holder_id bigint not null constraint certificates_holder_fk references users (id),
    number text not null constraint certificates_number_key unique,
    issued_on date not null,
    expires_on date not null,
    domains text not null,
    revoked_on date,
    revocation_ground text,
    revocation_reason text,
    reviews text not null default '[]'
);

create table training_records (
    id bigint generated always as identity primary key,
    user_id bigint not null constraint training_user_fk references users (id),
    kind text not null,
    hours integer not null constraint training_hours_positive check (hours > 0),
    course text not null,
    taken_on date not null
);

create table annual_assessments (
    id bigint generated always as identity primary key,
    user_id bigint not null constraint assessments_user_fk references users (id),
    year integer not null,
    grade text not null,
    note text not null,
    by_user bigint not null constraint assessments_by_fk references users (id),
    assessed_on date not null,
    constraint assessments_user_year_key unique (user_id, year)
);

create table events (
    seq bigint primary key,
    at timestamptz not null,
    actor_id bigint constraint events_actor_fk references users (id),
    org_id bigint constraint events_org_fk references orgs (id),
    kind text not null,
    subject text not null,
    payload text not null,
    salt bytea not null,
    leaf_hash bytea not null
);

-- Stored hashes of the Merkle tree over the events (index as in C2SP tlog-tiles).
create table log_hashes (
    idx bigint primary key,
    hash bytea not null
);

-- Signed checkpoints, one per tree size.
create table checkpoints (
    size bigint primary key,
    at timestamptz not null,
    note text not null
);

-- Witnesses' cosignatures of checkpoints (C2SP tlog-cosignature lines), one per witness and size.
create table cosignatures (
    size bigint not null constraint cosignatures_checkpoint_fk references checkpoints (size),
    witness text not null,
    line text not null,
    at timestamptz not null,
    constraint cosignatures_pkey primary key (size, witness)
);

-- The audit trail, its tree and its checkpoints only grow. Statement-level triggers refuse
-- even an UPDATE or DELETE that matches no row, and TRUNCATE, which row triggers never see.
create function append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only', tg_table_name using errcode = 'restrict_violation';
end;
$$;
create trigger events_no_update before update on events
    for each statement execute function append_only();
create trigger events_no_delete before delete on events
    for each statement execute function append_only();
create trigger events_no_truncate before truncate on events
    for each statement execute function append_only();
create trigger log_hashes_no_update before update on log_hashes
    for each statement execute function append_only();
create trigger log_hashes_no_delete before delete on log_hashes
    for each statement execute function append_only();
create trigger log_hashes_no_truncate before truncate on log_hashes
    for each statement execute function append_only();
create trigger checkpoints_no_update before update on checkpoints
    for each statement execute function append_only();
create trigger checkpoints_no_delete before delete on checkpoints
    for each statement execute function append_only();
create trigger checkpoints_no_truncate before truncate on checkpoints
    for each statement execute function append_only();
create trigger cosignatures_no_update before update on cosignatures
    for each statement execute function append_only();
create trigger cosignatures_no_delete before delete on cosignatures
    for each statement execute function append_only();
create trigger cosignatures_no_truncate before truncate on cosignatures
    for each statement execute function append_only();

-- Evidence of the full-process record (《行政处罚法》第四十七条). The content is a file named
-- by its SHA-256 in the data directory; this is what is known about it. Never changed.
create table evidence (
    id bigint generated always as identity primary key,
    org_id bigint not null constraint evidence_org_fk references orgs (id),
    sha256 text not null constraint evidence_sha256_hex check (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint not null constraint evidence_size_nonnegative check (size >= 0),
    media_type text not null,
    captured_at timestamptz not null,
    device text not null,
    officer_id bigint not null constraint evidence_officer_fk references users (id),
    subject text,
    uploaded_by bigint not null constraint evidence_uploader_fk references users (id),
    uploaded_at timestamptz not null
);
create trigger evidence_no_update before update on evidence
    for each statement execute function append_only();
create trigger evidence_no_delete before delete on evidence
    for each statement execute function append_only();
create trigger evidence_no_truncate before truncate on evidence
    for each statement execute function append_only();
