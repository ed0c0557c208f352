//! Cases in SQLite's dialect (the rules of keeping them are in `zhifa_store::cases`).

use crate::mapping::backend;
use crate::tx::{R, SqliteTx};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use zhifa_domain::Id;
use zhifa_store::{CaseEventRecord, NewCase, StoredCase};

/// What the conformance suite tries and the triggers must refuse.
pub(crate) const TAMPER: (&str, &str) = (
    "update case_events set event = '{}'",
    "delete from case_events",
);

impl SqliteTx {
    pub(crate) async fn store_case(&mut self, c: &NewCase) -> R<Id> {
        let row = sqlx::query(
            "insert into cases (org_id, code, procedure, stage, title, registered_on, snapshot, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(c.org_id)
        .bind(&c.code)
        .bind(&c.procedure)
        .bind(&c.stage)
        .bind(&c.title)
        .bind(c.registered_on)
        .bind(&c.snapshot)
        .bind(c.updated_at)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn store_case_update(
        &mut self,
        id: Id,
        stage: &str,
        snapshot: &str,
        updated_at: chrono::DateTime<chrono::Utc>,
    ) -> R<()> {
        let done =
            sqlx::query("update cases set stage = ?, snapshot = ?, updated_at = ? where id = ?")
                .bind(stage)
                .bind(snapshot)
                .bind(updated_at)
                .bind(id)
                .execute(&mut *self.tx)
                .await
                .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(zhifa_store::StoreError::NotFound);
        }
        Ok(())
    }

    pub(crate) async fn load_case(&mut self, id: Id) -> R<Option<StoredCase>> {
        let row = sqlx::query("select * from cases where id = ?")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        row.as_ref().map(case_row).transpose()
    }

    pub(crate) async fn load_cases_of(&mut self, org_ids: &[Id]) -> R<Vec<StoredCase>> {
        let mut cases = Vec::new();
        for org in org_ids {
            let rows = sqlx::query("select * from cases where org_id = ? order by id desc")
                .bind(org)
                .fetch_all(&mut *self.tx)
                .await
                .map_err(backend)?;
            for r in &rows {
                cases.push(case_row(r)?);
            }
        }
        cases.sort_by_key(|c| std::cmp::Reverse(c.id));
        Ok(cases)
    }

    pub(crate) async fn store_case_event(&mut self, e: &CaseEventRecord) -> R<()> {
        sqlx::query(
            "insert into case_events (case_id, n, at, actor_id, event) values (?, ?, ?, ?, ?)",
        )
        .bind(e.case_id)
        .bind(e.n)
        .bind(e.at)
        .bind(e.actor_id)
        .bind(&e.event)
        .execute(&mut *self.tx)
        .await
        .map_err(backend)?;
        Ok(())
    }

    pub(crate) async fn load_case_events(&mut self, case_id: Id) -> R<Vec<CaseEventRecord>> {
        let rows = sqlx::query("select * from case_events where case_id = ? order by n")
            .bind(case_id)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(CaseEventRecord {
                    case_id: r.try_get("case_id").map_err(backend)?,
                    n: r.try_get("n").map_err(backend)?,
                    at: r.try_get("at").map_err(backend)?,
                    actor_id: r.try_get("actor_id").map_err(backend)?,
                    event: r.try_get("event").map_err(backend)?,
                })
            })
            .collect()
    }

    pub(crate) async fn take_number(&mut self, org_id: Id, series: &str, year: i32) -> R<i64> {
        let row = sqlx::query(
            "insert into number_sequences (org_id, series, year, last) values (?, ?, ?, 1) \
             on conflict (org_id, series, year) do update set last = last + 1 returning last",
        )
        .bind(org_id)
        .bind(series)
        .bind(year)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }
}

fn case_row(r: &SqliteRow) -> R<StoredCase> {
    Ok(StoredCase {
        id: r.try_get("id").map_err(backend)?,
        org_id: r.try_get("org_id").map_err(backend)?,
        code: r.try_get("code").map_err(backend)?,
        procedure: r.try_get("procedure").map_err(backend)?,
        stage: r.try_get("stage").map_err(backend)?,
        title: r.try_get("title").map_err(backend)?,
        registered_on: r.try_get("registered_on").map_err(backend)?,
        snapshot: r.try_get("snapshot").map_err(backend)?,
        updated_at: r.try_get("updated_at").map_err(backend)?,
    })
}
