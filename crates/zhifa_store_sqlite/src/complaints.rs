//! Complaints in SQLite's dialect (the rules of keeping them are in `zhifa_store::complaints`).

use crate::mapping::backend;
use crate::sql::{Bind, Row, query};
use crate::tx::{R, SqliteTx};
use zhifa_domain::Id;
use zhifa_store::{
    ComplaintEventRecord, ComplaintFilter, ComplaintStep, ComplaintSummary, NewComplaint,
    StoreError, StoredComplaint,
};

/// What the conformance suite tries and the triggers must refuse.
pub(crate) const TAMPER: (&str, &str) = (
    "update complaint_events set event = '{}'",
    "delete from complaint_events",
);

impl SqliteTx {
    pub(crate) async fn store_complaint(&mut self, c: &NewComplaint) -> R<Id> {
        let s = &c.summary;
        let row = query(
            "insert into complaints (tracking_no, check_hash, service_code, filed_at, updated_at, org_id, supervisor_id, status, due_on, snapshot) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
        )
        .bind(&c.tracking_no)
        .bind(&c.check_hash)
        .bind(&c.service_code)
        .bind(c.filed_at)
        .bind(c.filed_at)
        .bind(s.org_id)
        .bind(s.supervisor_id)
        .bind(&s.status)
        .bind(s.due_on)
        .bind(&s.snapshot)
        .fetch_one(&self.tx)
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    /// The complaint whose `column` (`id` or `tracking_no`) is `value`.
    pub(crate) async fn load_complaint(
        &mut self,
        column: &'static str,
        value: impl Bind,
    ) -> R<Option<StoredComplaint>> {
        let sql = match column {
            "id" => "select * from complaints where id = ?",
            _ => "select * from complaints where tracking_no = ?",
        };
        let row = query(sql)
            .bind(value)
            .fetch_optional(&self.tx)
            .map_err(backend)?;
        row.as_ref().map(complaint_row).transpose()
    }

    pub(crate) async fn load_complaint_events(&mut self, id: Id) -> R<Vec<ComplaintEventRecord>> {
        let rows = query("select * from complaint_events where complaint_id = ? order by n")
            .bind(id)
            .fetch_all(&self.tx)
            .map_err(backend)?;
        rows.iter()
            .map(|r| {
                Ok(ComplaintEventRecord {
                    complaint_id: r.try_get("complaint_id").map_err(backend)?,
                    n: r.try_get("n").map_err(backend)?,
                    at: r.try_get("at").map_err(backend)?,
                    actor_id: r.try_get("actor_id").map_err(backend)?,
                    event: r.try_get("event").map_err(backend)?,
                })
            })
            .collect()
    }

    /// Appends the step's events and rewrites the summary, all or nothing.
    pub(crate) async fn store_complaint_step(&mut self, step: &ComplaintStep<'_>) -> R<()> {
        self.atomic(|conn| {
            let mut insert = conn
                .prepare_cached(
                    "insert into complaint_events (complaint_id, n, at, actor_id, event) values (?, ?, ?, ?, ?)",
                )
                .map_err(backend)?;
            let at = step.at.value();
            for (n, event) in (step.first..).zip(step.events) {
                insert
                    .execute((step.complaint_id, n, &at, step.actor_id, event))
                    .map_err(backend)?;
            }
            let s = step.summary;
            let done = query(
                "update complaints set org_id = ?, supervisor_id = ?, status = ?, due_on = ?, snapshot = ?, updated_at = ? where id = ?",
            )
            .bind(s.org_id)
            .bind(s.supervisor_id)
            .bind(&s.status)
            .bind(s.due_on)
            .bind(&s.snapshot)
            .bind(step.at)
            .bind(step.complaint_id)
            .execute(conn)
            .map_err(backend)?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        })
    }

    pub(crate) async fn load_complaints(&mut self, f: &ComplaintFilter) -> R<Vec<StoredComplaint>> {
        let mut sql = String::from("select * from complaints where 1 = 1");
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(ids) = &f.org_ids {
            let marks = vec!["?"; ids.len()].join(", ");
            sql.push_str(&format!(
                " and (org_id in ({marks}) or supervisor_id in ({marks}))"
            ));
            for _ in 0..2 {
                values.extend(ids.iter().map(Bind::value));
            }
        }
        if !f.statuses.is_empty() {
            let marks = vec!["?"; f.statuses.len()].join(", ");
            sql.push_str(&format!(" and status in ({marks})"));
            values.extend(f.statuses.iter().map(Bind::value));
        }
        let mut and = |clause: &str, value: rusqlite::types::Value| {
            sql.push_str(clause);
            values.push(value);
        };
        if let Some(code) = &f.service_code {
            and(" and service_code = ?", code.value());
        }
        if let Some(day) = f.due_before {
            and(" and due_on < ?", day.value());
        }
        if let Some(from) = f.filed_from {
            and(" and filed_at >= ?", from.value());
        }
        if let Some(to) = f.filed_to {
            and(" and filed_at < ?", to.value());
        }
        if let Some(id) = f.before_id {
            and(" and id < ?", id.value());
        }
        and(" order by id desc limit ?", f.limit.max(0).value());
        let mut q = query(sql);
        for v in values {
            q = q.bind(v);
        }
        let rows = q.fetch_all(&self.tx).map_err(backend)?;
        rows.iter().map(complaint_row).collect()
    }
}

fn complaint_row(r: &Row) -> R<StoredComplaint> {
    Ok(StoredComplaint {
        id: r.try_get("id").map_err(backend)?,
        tracking_no: r.try_get("tracking_no").map_err(backend)?,
        check_hash: r.try_get("check_hash").map_err(backend)?,
        service_code: r.try_get("service_code").map_err(backend)?,
        filed_at: r.try_get("filed_at").map_err(backend)?,
        updated_at: r.try_get("updated_at").map_err(backend)?,
        summary: ComplaintSummary {
            org_id: r.try_get("org_id").map_err(backend)?,
            supervisor_id: r.try_get("supervisor_id").map_err(backend)?,
            status: r.try_get("status").map_err(backend)?,
            due_on: r.try_get("due_on").map_err(backend)?,
            snapshot: r.try_get("snapshot").map_err(backend)?,
        },
    })
}
