//! Evidence records in SQLite's dialect: inserted once, read by id, never changed (the
//! migration's triggers refuse UPDATE and DELETE).

use crate::mapping::{backend, parse_enum};
use crate::sql::{Row, query};
use crate::tx::{R, SqliteTx};
use zhifa_domain::Id;
use zhifa_domain::evidence::MediaType;
use zhifa_store::EvidenceRecord;

/// What the conformance suite tries and the triggers must refuse.
pub(crate) const TAMPER: (&str, &str) = (
    "update evidence set sha256 = lower(hex(zeroblob(32)))",
    "delete from evidence",
);

impl SqliteTx {
    pub(crate) async fn store_evidence(&mut self, e: &EvidenceRecord) -> R<Id> {
        let row = query(
            "insert into evidence (org_id, sha256, size, media_type, captured_at, device, officer_id, subject, uploaded_by, uploaded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(e.org_id)
        .bind(&e.sha256)
        .bind(e.size)
        .bind(e.media_type.as_str())
        .bind(e.captured_at)
        .bind(&e.device)
        .bind(e.officer_id)
        .bind(&e.subject)
        .bind(e.uploaded_by)
        .bind(e.uploaded_at)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_evidence(&mut self, id: Id) -> R<Option<EvidenceRecord>> {
        let row = query("select * from evidence where id = ?")
            .bind(id)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(evidence_row).transpose()
    }
}

fn evidence_row(r: &Row) -> R<EvidenceRecord> {
    Ok(EvidenceRecord {
        id: r.try_get("id").map_err(backend)?,
        org_id: r.try_get("org_id").map_err(backend)?,
        sha256: r.try_get("sha256").map_err(backend)?,
        size: r.try_get("size").map_err(backend)?,
        media_type: parse_enum(
            &r.try_get::<String, _>("media_type").map_err(backend)?,
            |v| MediaType::parse(v).ok(),
        )?,
        captured_at: r.try_get("captured_at").map_err(backend)?,
        device: r.try_get("device").map_err(backend)?,
        officer_id: r.try_get("officer_id").map_err(backend)?,
        subject: r.try_get("subject").map_err(backend)?,
        uploaded_by: r.try_get("uploaded_by").map_err(backend)?,
        uploaded_at: r.try_get("uploaded_at").map_err(backend)?,
    })
}
