-- Issued documents (文书): what each says, its number, the hash of its PDF and the log entry
-- that records it. The PDF itself is a file named by that hash in the data directory.

create table documents (
    id bigserial primary key,
    org_id bigint not null constraint documents_org_fk references orgs (id),
    case_id bigint constraint documents_case_fk references cases (id),
    kind text not null,
    number text not null,
    code text not null constraint documents_code_key unique,
    sha256 text not null constraint documents_sha256_hex check (sha256 ~ '^[0-9a-f]{64}$'),
    size bigint not null constraint documents_size_nonnegative check (size >= 0),
    content text not null,
    seq bigint not null constraint documents_seq_key unique,
    issued_by bigint not null constraint documents_issued_by_fk references users (id),
    issued_at timestamptz not null
);
create index documents_case_idx on documents (case_id, id);
create index documents_sha256_idx on documents (sha256);

-- An issued document is never changed or withdrawn from the record.
create trigger documents_no_update before update on documents
    for each statement execute function append_only();
create trigger documents_no_delete before delete on documents
    for each statement execute function append_only();
create trigger documents_no_truncate before truncate on documents
    for each statement execute function append_only();
