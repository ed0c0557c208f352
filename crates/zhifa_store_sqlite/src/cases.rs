//! Cases in SQLite's dialect (the rules of keeping them are in `zhifa_store::cases`).

use crate::mapping::backend;
use crate::sql::{Bind, Row, query};
use crate::tx::{R, SqliteTx};
use zhifa_domain::Id;
use zhifa_store::{CaseEventRecord, CaseStep, NewCase, StoredCase};

/// What the conformance suite tries and the triggers must refuse.
pub(crate) const TAMPER: (&str, &str) = (
    "update case_events set event = '{}'",
    "delete from case_events",
);

impl SqliteTx {
    pub(crate) async fn store_case(&mut self, c: &NewCase) -> R<Id> {
        let row = query(
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
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    /// Appends the step's events and updates the case, all or nothing.
    pub(crate) async fn store_case_step(&mut self, step: &CaseStep<'_>) -> R<()> {
        self.atomic(|conn| {
            let mut insert = conn
                .prepare_cached(
                    "insert into case_events (case_id, n, at, actor_id, event) values (?, ?, ?, ?, ?)",
                )
                .map_err(backend)?;
            let at = step.at.value();
            for (n, event) in (step.first..).zip(step.events) {
                insert
                    .execute((step.case_id, n, &at, step.actor_id, event))
                    .map_err(backend)?;
            }
            let done = query("update cases set stage = ?, snapshot = ?, updated_at = ? where id = ?")
                .bind(step.stage)
                .bind(step.snapshot)
                .bind(step.at)
                .bind(step.case_id)
                .execute(conn)
                .map_err(backend)?;
            if done.rows_affected() == 0 {
                return Err(zhifa_store::StoreError::NotFound);
            }
            Ok(())
        })
    }

    /// The case and its events in one statement; the snapshot comes with the first row only.
    pub(crate) async fn load_case_with_events(
        &mut self,
        id: Id,
    ) -> R<Option<(StoredCase, Vec<CaseEventRecord>)>> {
        let rows = query(
            "select c.id, c.org_id, c.code, c.procedure, c.stage, c.title, c.registered_on, \
             c.updated_at, iif(coalesce(e.n, 0) = 0, c.snapshot, null) as snapshot, \
             e.n, e.at, e.actor_id, e.event \
             from cases c left join case_events e on e.case_id = c.id \
             where c.id = ? order by e.n",
        )
        .bind(id)
        .fetch_all(&self.tx)
        .map_err(backend)?;
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let case = case_row(first)?;
        let mut events = Vec::with_capacity(rows.len());
        for r in &rows {
            let Some(n) = r.try_get::<Option<i64>, _>("n").map_err(backend)? else {
                continue;
            };
            events.push(CaseEventRecord {
                case_id: id,
                n,
                at: r.try_get("at").map_err(backend)?,
                actor_id: r.try_get("actor_id").map_err(backend)?,
                event: r.try_get("event").map_err(backend)?,
            });
        }
        Ok(Some((case, events)))
    }

    pub(crate) async fn load_cases_of(&mut self, org_ids: &[Id]) -> R<Vec<StoredCase>> {
        let mut cases = Vec::new();
        for org in org_ids {
            let rows = query("select * from cases where org_id = ? order by id desc")
                .bind(org)
                .fetch_all(&self.tx)
                .map_err(backend)?;
            for r in &rows {
                cases.push(case_row(r)?);
            }
        }
        cases.sort_by_key(|c| std::cmp::Reverse(c.id));
        Ok(cases)
    }

    pub(crate) async fn load_cases_by_code(&mut self, code: &str) -> R<Vec<StoredCase>> {
        let rows = query("select * from cases where code = ? order by id desc")
            .bind(code)
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter().map(case_row).collect()
    }

    pub(crate) async fn take_number(&mut self, org_id: Id, series: &str, year: i32) -> R<i64> {
        let row = query(
            "insert into number_sequences (org_id, series, year, last) values (?, ?, ?, 1) \
             on conflict (org_id, series, year) do update set last = last + 1 returning last",
        )
        .bind(org_id)
        .bind(series)
        .bind(year)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }
}

fn case_row(r: &Row) -> R<StoredCase> {
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
