//! What each reader sees of a complaint: anyone, by its tracking number, only where it stands
//! and who handles it (never the filer's words or contact); the filer, with the check code,
//! also what they wrote and every step with the answer; the bodies, the whole record.

use super::hash_code;
use crate::App;
use crate::error::{AppError, AppResult};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::HashMap;
use zhifa_domain::Id;
use zhifa_domain::complaint::{Attachment, Complaint, ComplaintEvent, Status};
use zhifa_store::{ComplaintFilter, StoredComplaint, Tx};

/// The refusal's code once a tracking number has had too many wrong check codes.
pub const TOO_MANY_ATTEMPTS: &str = "complaint.too_many_attempts";
/// The most complaints one page or one API answer lists.
pub const PAGE: i64 = 50;

/// Where a complaint stands, as anyone may know it by its tracking number.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintStatus {
    pub id: Id,
    pub tracking_no: String,
    pub service_code: String,
    pub service_name: String,
    pub group: String,
    pub kind_label: &'static str,
    pub status: Status,
    pub status_label: &'static str,
    pub open: bool,
    pub handler: String,
    pub township: Option<String>,
    pub filed_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The running deadline.
    pub due_on: Option<NaiveDate>,
    pub overdue: bool,
    /// A deadline was missed and the bureau supervises it (已督办).
    pub escalated: bool,
    /// The newest step, in words naming only bodies and dates.
    pub latest: String,
}

/// A step of a complaint's history.
#[derive(Debug, Clone, Serialize)]
pub struct ComplaintLine {
    pub at: String,
    pub text: String,
}

/// What the filer sees with the check code.
#[derive(Debug, Clone, Serialize)]
pub struct FilerView {
    pub status: ComplaintStatus,
    pub description: String,
    pub location: String,
    pub attachments: Vec<Attachment>,
    pub timeline: Vec<ComplaintLine>,
    /// The answer, or why it was not accepted.
    pub outcome: Option<String>,
    pub case_code: Option<String>,
}

/// Names of bodies by id, for the lines a reader reads.
pub(crate) struct Names(HashMap<Id, String>);

impl Names {
    pub(crate) async fn load(tx: &mut dyn Tx) -> AppResult<Names> {
        Ok(Names(
            tx.orgs()
                .await?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect(),
        ))
    }

    pub(crate) fn of(&self, id: Id) -> String {
        self.0
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("机构{id}"))
    }
}

pub(crate) fn folded(stored: &StoredComplaint) -> AppResult<Complaint> {
    serde_json::from_str(&stored.summary.snapshot)
        .map_err(|e| AppError::Internal(format!("complaint {}: {e}", stored.id)))
}

pub(crate) fn events_of(
    records: &[zhifa_store::ComplaintEventRecord],
) -> AppResult<Vec<(DateTime<Utc>, ComplaintEvent)>> {
    records
        .iter()
        .map(|r| {
            serde_json::from_str(&r.event)
                .map(|e| (r.at, e))
                .map_err(|e| AppError::Internal(format!("complaint event: {e}")))
        })
        .collect()
}

/// A public line: a refusal's or a transfer's reason is the bodies' words to the filer, and
/// stays out of what anyone may read.
fn public_line(event: &ComplaintEvent, names: &Names) -> String {
    match event {
        ComplaintEvent::Rejected { by_id, .. } => format!("{}不予受理", names.of(*by_id)),
        ComplaintEvent::Transferred { to_id, .. } => format!("已转办至{}", names.of(*to_id)),
        other => other.describe(|id| names.of(id)),
    }
}

fn status_of(
    stored: &StoredComplaint,
    c: &Complaint,
    latest: Option<&ComplaintEvent>,
    names: &Names,
    today: NaiveDate,
) -> ComplaintStatus {
    ComplaintStatus {
        id: stored.id,
        tracking_no: stored.tracking_no.clone(),
        service_code: c.filing.service.code.clone(),
        service_name: c.filing.service.name.clone(),
        group: c.filing.service.group.clone(),
        kind_label: c.filing.service.kind.label(),
        status: c.status,
        status_label: c.status.label(),
        open: !c.status.is_closed(),
        handler: names.of(c.handler_id),
        township: c.filing.township_id.map(|id| names.of(id)),
        filed_at: stored.filed_at,
        updated_at: stored.updated_at,
        due_on: c.current_deadline().map(|(_, d)| d),
        overdue: c.overdue(today),
        escalated: c.supervisor_id.is_some(),
        latest: latest.map(|e| public_line(e, names)).unwrap_or_default(),
    }
}

/// Where `stored` stands, with its newest step.
async fn status_with(
    tx: &mut dyn Tx,
    stored: &StoredComplaint,
    names: &Names,
    today: NaiveDate,
) -> AppResult<ComplaintStatus> {
    let c = folded(stored)?;
    let events = events_of(&tx.complaint_events(stored.id).await?)?;
    Ok(status_of(
        stored,
        &c,
        events.last().map(|(_, e)| e),
        names,
        today,
    ))
}

pub(crate) fn timeline(
    events: &[(DateTime<Utc>, ComplaintEvent)],
    names: &Names,
) -> Vec<ComplaintLine> {
    events
        .iter()
        .map(|(at, e)| ComplaintLine {
            at: crate::clock::local(*at)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            text: e.describe(|id| names.of(id)),
        })
        .collect()
}

/// The stored statuses of open or of closed complaints.
pub(crate) fn statuses(open: bool) -> Vec<String> {
    [
        Status::Received,
        Status::Accepted,
        Status::Answered,
        Status::Rejected,
    ]
    .into_iter()
    .filter(|s| s.is_closed() != open)
    .map(|s| s.key().to_string())
    .collect()
}

/// What the Open311 API lists: a service, a status, a filing period, a page.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter {
    pub service_code: Option<String>,
    /// `open` or `closed`.
    pub open: Option<bool>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: Option<i64>,
}

impl App {
    /// Where the complaint with `tracking_no` stands (public).
    pub async fn complaint_status(&self, tracking_no: &str) -> AppResult<ComplaintStatus> {
        let mut tx = self.begin_read().await?;
        let stored = tx
            .complaint_by_tracking(&tracking_no.trim().to_uppercase())
            .await?
            .ok_or(AppError::NotFound("投诉举报件"))?;
        self.status_in(&mut *tx, &stored).await
    }

    async fn status_in(
        &self,
        tx: &mut dyn Tx,
        stored: &StoredComplaint,
    ) -> AppResult<ComplaintStatus> {
        let names = Names::load(tx).await?;
        status_with(tx, stored, &names, self.clock.today()).await
    }

    /// Where each complaint `filter` selects stands, newest first.
    pub(crate) async fn listed(
        &self,
        tx: &mut dyn Tx,
        filter: &ComplaintFilter,
    ) -> AppResult<Vec<ComplaintStatus>> {
        let names = Names::load(tx).await?;
        let today = self.clock.today();
        let mut out = Vec::new();
        for stored in tx.complaints(filter).await? {
            out.push(status_with(tx, &stored, &names, today).await?);
        }
        Ok(out)
    }

    /// Complaints as the Open311 API lists them (public), newest first.
    pub async fn public_complaints(&self, f: PublicFilter) -> AppResult<Vec<ComplaintStatus>> {
        let mut tx = self.begin_read().await?;
        let filter = ComplaintFilter {
            service_code: f.service_code,
            statuses: f.open.map(statuses).unwrap_or_default(),
            filed_from: f.from,
            filed_to: f.to,
            limit: f.limit.unwrap_or(PAGE).clamp(1, 1000),
            ..ComplaintFilter::default()
        };
        self.listed(&mut *tx, &filter).await
    }

    /// The filer's view, given the check code (public, limited on wrong codes). A wrong
    /// tracking number and a wrong check code get the same answer.
    pub async fn complaint_for_filer(
        &self,
        tracking_no: &str,
        check: &str,
    ) -> AppResult<FilerView> {
        let tracking_no = tracking_no.trim().to_uppercase();
        let key = format!("complaint:{tracking_no}");
        if self.party_guard.refused(&key) {
            return Err(AppError::Refused(zhifa_domain::Refusal::new(
                TOO_MANY_ATTEMPTS,
                "查询码错误次数过多，请十五分钟后再试",
            )));
        }
        let mut tx = self.begin_read().await?;
        let stored = match tx.complaint_by_tracking(&tracking_no).await? {
            Some(s) if s.check_hash == hash_code(check) => s,
            _ => {
                self.party_guard.missed(&key);
                return Err(AppError::NotFound("与该编号和查询码相符的投诉举报件"));
            }
        };
        self.filer_view(&mut *tx, &stored).await
    }

    pub(crate) async fn filer_view(
        &self,
        tx: &mut dyn Tx,
        stored: &StoredComplaint,
    ) -> AppResult<FilerView> {
        let c = folded(stored)?;
        let events = events_of(&tx.complaint_events(stored.id).await?)?;
        let names = Names::load(tx).await?;
        Ok(FilerView {
            status: status_of(
                stored,
                &c,
                events.last().map(|(_, e)| e),
                &names,
                self.clock.today(),
            ),
            timeline: timeline(&events, &names),
            description: c.filing.description.clone(),
            location: c.filing.location.clone(),
            attachments: c.filing.attachments.clone(),
            outcome: c.outcome.clone(),
            case_code: c.case_code.clone(),
        })
    }
}
