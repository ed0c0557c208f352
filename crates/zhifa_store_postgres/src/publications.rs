//! Published decisions in PostgreSQL's dialect: inserted once, changed only by their
//! withdrawal, once (the migration's triggers refuse any other UPDATE, and every DELETE).

use crate::mapping::backend;
use crate::tx::{PgTx, R};
use sqlx::Row;
use sqlx::postgres::PgRow;
use sqlx::query;
use zhifa_domain::Id;
use zhifa_store::{PublicationRecord, StoreError, Withdrawal};

/// What the conformance suite tries and the triggers must refuse: a change of content (which
/// fails first, so the DELETE is not tried).
pub(crate) const TAMPER: (&str, &str) = (
    "update publications set content = '{}'",
    "delete from publications",
);

/// The DELETE alone: its UPDATE matches no row, so no trigger refuses it.
pub(crate) const TAMPER_DELETE: (&str, &str) = (
    "update publications set content = '{}' where id < 0",
    "delete from publications",
);

impl PgTx {
    pub(crate) async fn store_publication(&mut self, p: &PublicationRecord) -> R<Id> {
        let row = query(
            "insert into publications (org_id, case_id, number, content, decided_on, published_at, remove_on, seq) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
        )
        .bind(p.org_id)
        .bind(p.case_id)
        .bind(&p.number)
        .bind(&p.content)
        .bind(p.decided_on)
        .bind(p.published_at)
        .bind(p.remove_on)
        .bind(p.seq)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    /// The publication whose `column` (`id` or `case_id`) is `value`.
    pub(crate) async fn load_publication(
        &mut self,
        column: Column,
        value: Id,
    ) -> R<Option<PublicationRecord>> {
        let sql = match column {
            Column::Id => "select * from publications where id = $1",
            Column::Case => "select * from publications where case_id = $1",
        };
        let row = query(sql)
            .bind(value)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(publication_row).transpose()
    }

    pub(crate) async fn load_publications(
        &mut self,
        org_id: Option<Id>,
        before_id: Option<Id>,
        limit: i64,
    ) -> R<Vec<PublicationRecord>> {
        let before = before_id.unwrap_or(Id::MAX);
        let q = match org_id {
            Some(org_id) => query(
                "select * from publications where org_id = $1 and id < $2 order by id desc limit $3",
            )
            .bind(org_id),
            None => query("select * from publications where id < $1 order by id desc limit $2"),
        };
        let rows = q
            .bind(before)
            .bind(limit.max(0))
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(publication_row).collect()
    }

    pub(crate) async fn store_withdrawal(&mut self, id: Id, w: &Withdrawal) -> R<()> {
        let done = query(
            "update publications set withdrawn_at = $1, withdrawal_reason = $2, withdrawal_seq = $3 where id = $4 and withdrawn_at is null",
        )
        .bind(w.at)
        .bind(&w.reason)
        .bind(w.seq)
        .bind(id)
        .execute(&mut *self.tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }
}

/// Which column a lookup goes by.
pub(crate) enum Column {
    Id,
    Case,
}

fn publication_row(r: &PgRow) -> R<PublicationRecord> {
    let withdrawal = match (
        r.try_get("withdrawn_at").map_err(backend)?,
        r.try_get("withdrawal_reason").map_err(backend)?,
        r.try_get("withdrawal_seq").map_err(backend)?,
    ) {
        (Some(at), Some(reason), Some(seq)) => Some(Withdrawal { at, reason, seq }),
        (None, None, None) => None,
        _ => {
            return Err(StoreError::Backend(
                "a publication's withdrawal is stored in part".into(),
            ));
        }
    };
    Ok(PublicationRecord {
        id: r.try_get("id").map_err(backend)?,
        org_id: r.try_get("org_id").map_err(backend)?,
        case_id: r.try_get("case_id").map_err(backend)?,
        number: r.try_get("number").map_err(backend)?,
        content: r.try_get("content").map_err(backend)?,
        decided_on: r.try_get("decided_on").map_err(backend)?,
        published_at: r.try_get("published_at").map_err(backend)?,
        remove_on: r.try_get("remove_on").map_err(backend)?,
        seq: r.try_get("seq").map_err(backend)?,
        withdrawal,
    })
}
