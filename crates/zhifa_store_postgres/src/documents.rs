//! Issued documents in PostgreSQL's dialect: inserted once, never changed (the migration's
//! triggers refuse UPDATE and DELETE).

use crate::mapping::backend;
use crate::tx::{PgTx, R};
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::query;
use zhifa_domain::Id;
use zhifa_store::DocumentRecord;

/// What the conformance suite tries and the triggers must refuse.
pub(crate) const TAMPER: (&str, &str) = (
    "update documents set sha256 = '0000000000000000000000000000000000000000000000000000000000000000'",
    "delete from documents",
);

impl PgTx {
    pub(crate) async fn store_document(&mut self, d: &DocumentRecord) -> R<Id> {
        let row = query(
            "insert into documents (org_id, case_id, kind, number, code, sha256, size, content, seq, issued_by, issued_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) returning id",
        )
        .bind(d.org_id)
        .bind(d.case_id)
        .bind(&d.kind)
        .bind(&d.number)
        .bind(&d.code)
        .bind(&d.sha256)
        .bind(d.size)
        .bind(&d.content)
        .bind(d.seq)
        .bind(d.issued_by)
        .bind(d.issued_at)
        .fetch_one(&mut *self.tx)
            .await
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_documents(
        &mut self,
        column: Column,
        value: Key<'_>,
    ) -> R<Vec<DocumentRecord>> {
        let sql = match column {
            Column::Id => "select * from documents where id = $1 order by id",
            Column::Code => "select * from documents where code = $1 order by id",
            Column::Sha256 => "select * from documents where sha256 = $1 order by id",
            Column::Case => "select * from documents where case_id = $1 order by id",
        };
        let q = query(sql);
        let q = match value {
            Key::Id(id) => q.bind(id),
            Key::Text(text) => q.bind(text),
        };
        let rows = q.fetch_all(&mut *self.tx).await.map_err(backend)?;
        rows.iter().map(document_row).collect()
    }
}

/// Which column a lookup goes by.
pub(crate) enum Column {
    Id,
    Code,
    Sha256,
    Case,
}

/// The value looked up.
pub(crate) enum Key<'a> {
    Id(Id),
    Text(&'a str),
}

fn document_row(r: &PgRow) -> R<DocumentRecord> {
    Ok(DocumentRecord {
        id: r.try_get("id").map_err(backend)?,
        org_id: r.try_get("org_id").map_err(backend)?,
        case_id: r.try_get("case_id").map_err(backend)?,
        kind: r.try_get("kind").map_err(backend)?,
        number: r.try_get("number").map_err(backend)?,
        code: r.try_get("code").map_err(backend)?,
        sha256: r.try_get("sha256").map_err(backend)?,
        size: r.try_get("size").map_err(backend)?,
        content: r.try_get("content").map_err(backend)?,
        seq: r.try_get("seq").map_err(backend)?,
        issued_by: r.try_get("issued_by").map_err(backend)?,
        issued_at: r.try_get("issued_at").map_err(backend)?,
    })
}
