//! Cases in PostgreSQL's dialect (the rules of keeping them are in `zhifa_store::cases`).

use crate::mapping::backend;
use crate::tx::{PgTx, R};
use sqlx::Row;
use sqlx::postgres::PgRow;
use zhifa_domain::Id;
use zhifa_store::{CaseEventRecord, CaseStep, NewCase, StoredCase};

/// What the conformance suite tries and the triggers must refuse.
pub(crate) const TAMPER: (&str, &str) = (
    "update case_events set event = '{}'",
    "delete from case_events",
);

impl PgTx {
    pub(crate) async fn store_case(&mut self, c: &NewCase) -> R<Id> {
        let row = sqlx::query(
            "insert into cases (org_id, code, procedure, stage, title, registered_on, snapshot, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8) returning id",
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

    /// Appends the step's events and updates the case (under the caller's savepoint).
    pub(crate) async fn store_case_step(&mut self, step: &CaseStep<'_>) -> R<()> {
        if !step.events.is_empty() {
            let n: Vec<i64> = (0..step.events.len() as i64)
                .map(|i| step.first + i)
                .collect();
            sqlx::query(
                "insert into case_events (case_id, n, at, actor_id, event) \
                 select $1, n, $2, $3, event from unnest($4::bigint[], $5::text[]) as e(n, event)",
            )
            .bind(step.case_id)
            .bind(step.at)
            .bind(step.actor_id)
            .bind(n)
            .bind(step.events)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        }
        let done = sqlx::query(
            "update cases set stage = $1, snapshot = $2, updated_at = $3 where id = $4",
        )
        .bind(step.stage)
        .bind(step.snapshot)
        .bind(step.at)
        .bind(step.case_id)
        .execute(&mut *self.tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(zhifa_store::StoreError::NotFound);
        }
        Ok(())
    }

    pub(crate) async fn load_case_with_events(
        &mut self,
        id: Id,
    ) -> R<Option<(StoredCase, Vec<CaseEventRecord>)>> {
        let row = sqlx::query("select * from cases where id = $1")
            .bind(id)
            .fetch_optional(&mut *self.tx)
            .await
            .map_err(backend)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let rows = sqlx::query("select * from case_events where case_id = $1 order by n")
            .bind(id)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        let events = rows
            .iter()
            .map(|r| {
                Ok(CaseEventRecord {
                    case_id: r.try_get("case_id").map_err(backend)?,
                    n: r.try_get("n").map_err(backend)?,
                    at: r.try_get("at").map_err(backend)?,
                    actor_id: r.try_get("actor_id").map_err(backend)?,
                    event: r.try_get("event").map_err(backend)?,
                })
            })
            .collect::<R<Vec<_>>>()?;
        Ok(Some((case_row(&row)?, events)))
    }

    pub(crate) async fn load_cases_of(&mut self, org_ids: &[Id]) -> R<Vec<StoredCase>> {
        let rows = sqlx::query("select * from cases where org_id = any($1) order by id desc")
            .bind(org_ids)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(case_row).collect()
    }

    pub(crate) async fn load_cases_by_code(&mut self, code: &str) -> R<Vec<StoredCase>> {
        let rows = sqlx::query("select * from cases where code = $1 order by id desc")
            .bind(code)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(case_row).collect()
    }

    pub(crate) async fn take_number(&mut self, org_id: Id, series: &str, year: i32) -> R<i64> {
        let row = sqlx::query(
            "insert into number_sequences (org_id, series, year, last) values ($1, $2, $3, 1) \
             on conflict (org_id, series, year) do update set last = number_sequences.last + 1 returning last",
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

fn case_row(r: &PgRow) -> R<StoredCase> {
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
