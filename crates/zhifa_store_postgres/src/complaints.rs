//! Complaints in PostgreSQL's dialect (the rules of keeping them are in
//! `zhifa_store::complaints`): events only grow, the summary is rewritten with each step, the
//! filing never changes (the migration's triggers refuse the rest).

use crate::mapping::backend;
use crate::tx::{PgTx, R};
use sqlx::Row;
use sqlx::postgres::PgRow;
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

/// How a complaint is looked up.
pub(crate) enum Key<'a> {
    Id(Id),
    Tracking(&'a str),
}

impl PgTx {
    /// Inserts the complaint; it was last updated when it was filed.
    pub(crate) async fn store_complaint(&mut self, c: &NewComplaint) -> R<Id> {
        let s = &c.summary;
        let row = sqlx::query(
            "insert into complaints (tracking_no, check_hash, service_code, filed_at, updated_at, org_id, supervisor_id, status, due_on, snapshot) \
             values ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9) returning id",
        )
        .bind(&c.tracking_no)
        .bind(&c.check_hash)
        .bind(&c.service_code)
        .bind(c.filed_at)
        .bind(s.org_id)
        .bind(s.supervisor_id)
        .bind(&s.status)
        .bind(s.due_on)
        .bind(&s.snapshot)
        .fetch_one(&mut *self.tx)
        .await
        .map_err(backend)?;
        row.try_get(0).map_err(backend)
    }

    pub(crate) async fn load_complaint(&mut self, key: Key<'_>) -> R<Option<StoredComplaint>> {
        let q = match key {
            Key::Id(id) => sqlx::query("select * from complaints where id = $1").bind(id),
            Key::Tracking(no) => {
                sqlx::query("select * from complaints where tracking_no = $1").bind(no)
            }
        };
        let row = q.fetch_optional(&mut *self.tx).await.map_err(backend)?;
        row.as_ref().map(complaint_row).transpose()
    }

    pub(crate) async fn load_complaint_events(&mut self, id: Id) -> R<Vec<ComplaintEventRecord>> {
        let rows = sqlx::query("select * from complaint_events where complaint_id = $1 order by n")
            .bind(id)
            .fetch_all(&mut *self.tx)
            .await
            .map_err(backend)?;
        rows.iter().map(event_row).collect()
    }

    /// Appends the step's events and rewrites the summary (under the caller's savepoint).
    pub(crate) async fn store_complaint_step(&mut self, step: &ComplaintStep<'_>) -> R<()> {
        if !step.events.is_empty() {
            let n: Vec<i64> = (0..step.events.len() as i64)
                .map(|i| step.first + i)
                .collect();
            sqlx::query(
                "insert into complaint_events (complaint_id, n, at, actor_id, event) \
                 select $1, n, $2, $3, event from unnest($4::bigint[], $5::text[]) as e(n, event)",
            )
            .bind(step.complaint_id)
            .bind(step.at)
            .bind(step.actor_id)
            .bind(n)
            .bind(step.events)
            .execute(&mut *self.tx)
            .await
            .map_err(backend)?;
        }
        let s = step.summary;
        let done = sqlx::query(
            "update complaints set org_id = $1, supervisor_id = $2, status = $3, due_on = $4, snapshot = $5, updated_at = $6 where id = $7",
        )
        .bind(s.org_id)
        .bind(s.supervisor_id)
        .bind(&s.status)
        .bind(s.due_on)
        .bind(&s.snapshot)
        .bind(step.at)
        .bind(step.complaint_id)
        .execute(&mut *self.tx)
        .await
        .map_err(backend)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The complaints meeting every condition of the filter given, newest first. A condition
    /// not given is bound as NULL (or, for the statuses, an empty array) and holds for every
    /// row.
    pub(crate) async fn load_complaints(&mut self, f: &ComplaintFilter) -> R<Vec<StoredComplaint>> {
        let rows = sqlx::query(
            "select * from complaints \
             where ($1::bigint[] is null or org_id = any($1) or supervisor_id = any($1)) \
             and (cardinality($2::text[]) = 0 or status = any($2)) \
             and ($3::text is null or service_code = $3) \
             and ($4::date is null or due_on < $4) \
             and ($5::timestamptz is null or filed_at >= $5) \
             and ($6::timestamptz is null or filed_at < $6) \
             and ($7::bigint is null or id < $7) \
             order by id desc limit $8",
        )
        .bind(f.org_ids.as_deref())
        .bind(&f.statuses)
        .bind(f.service_code.as_deref())
        .bind(f.due_before)
        .bind(f.filed_from)
        .bind(f.filed_to)
        .bind(f.before_id)
        .bind(f.limit.max(0))
        .fetch_all(&mut *self.tx)
        .await
        .map_err(backend)?;
        rows.iter().map(complaint_row).collect()
    }
}

fn complaint_row(r: &PgRow) -> R<StoredComplaint> {
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

fn event_row(r: &PgRow) -> R<ComplaintEventRecord> {
    Ok(ComplaintEventRecord {
        complaint_id: r.try_get("complaint_id").map_err(backend)?,
        n: r.try_get("n").map_err(backend)?,
        at: r.try_get("at").map_err(backend)?,
        actor_id: r.try_get("actor_id").map_err(backend)?,
        event: r.try_get("event").map_err(backend)?,
    })
}
