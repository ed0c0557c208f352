//! What the bodies do with complaints: the list of those they handle or supervise, the whole
//! record of one, the steps (受理, 不予受理, 转办, 办结, 督办), and the sweep that escalates a
//! complaint to the county justice bureau when a deadline passes with nothing done.

use super::bureau_of;
use super::views::{ComplaintStatus, FilerView, PAGE, folded, statuses};
use crate::App;
use crate::authz::{Action, Actor, authorize, complaint_access, may};
use crate::blob_store::{BlobError, VerifiedReader};
use crate::error::{AppError, AppResult};
use crate::orgs::{county_of, load_org};
use serde::Serialize;
use zhifa_domain::Id;
use zhifa_domain::calendar::WorkingCalendar;
use zhifa_domain::complaint::{self as domain, Attachment, Complaint, ComplaintCommand, Contact};
use zhifa_domain::evidence::ContentHash;
use zhifa_domain::org::{OrgKind, OrgUnit};
use zhifa_store::{ComplaintFilter, StoredComplaint, Tx};

/// What the handling body and the supervising bureau see of a complaint.
#[derive(Debug, Clone, Serialize)]
pub struct StaffView {
    #[serde(flatten)]
    pub filer: FilerView,
    /// `None`: filed anonymously.
    pub contact: Option<Contact>,
    pub channel_label: &'static str,
    pub route_label: &'static str,
    pub media_urls: Vec<String>,
    /// The actor's body handles it and the actor's role may act.
    pub may_handle: bool,
    /// The actor acts for the bureau that supervises it.
    pub may_supervise: bool,
    /// Where it can be transferred: the county's townships and departments, and the bureau.
    pub transfer_targets: Vec<OrgUnit>,
}

/// Which complaints a body's list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Show {
    /// Not yet closed.
    #[default]
    Open,
    /// Past their running deadline.
    Overdue,
    All,
}

impl App {
    /// The complaints the actor's body handles or supervises (the bureau: all of its county),
    /// newest first.
    pub async fn complaints_for(
        &self,
        actor: &Actor,
        show: Show,
    ) -> AppResult<Vec<ComplaintStatus>> {
        let mut tx = self.begin_read().await?;
        authorize(actor, Action::Read, &actor.org)?;
        let org_ids = if actor.org.kind == OrgKind::JusticeBureau {
            tx.orgs()
                .await?
                .into_iter()
                .filter(|o| actor.sees(o))
                .map(|o| o.id)
                .collect()
        } else {
            vec![actor.org.id]
        };
        let today = self.clock.today();
        let filter = ComplaintFilter {
            org_ids: Some(org_ids),
            due_before: (show == Show::Overdue).then_some(today),
            statuses: if show == Show::Open {
                statuses(true)
            } else {
                Vec::new()
            },
            limit: if show == Show::All { PAGE * 4 } else { 1000 },
            ..ComplaintFilter::default()
        };
        self.listed(&mut *tx, &filter).await
    }

    /// The whole record of complaint `id`, for its handling body and the bureau over it.
    pub async fn complaint_for_staff(&self, actor: &Actor, id: Id) -> AppResult<StaffView> {
        let mut tx = self.begin_read().await?;
        let (stored, c, handler) = load(&mut *tx, id).await?;
        let by = complaint_access(actor, &handler, c.supervisor_id)?;
        let filer = self.filer_view(&mut *tx, &stored).await?;
        let acts = may(actor, Action::HandleComplaints);
        let county = county_of(&mut *tx, &handler).await?;
        let transfer_targets = tx
            .orgs()
            .await?
            .into_iter()
            .filter(|o| o.id != handler.id && receives_transfers(o, &county))
            .collect();
        Ok(StaffView {
            filer,
            contact: c.filing.contact.clone(),
            channel_label: c.filing.channel.label(),
            route_label: c.route.label(),
            media_urls: c.filing.media_urls.clone(),
            may_handle: acts && by.id == c.handler_id && !c.status.is_closed(),
            may_supervise: acts && by.supervises && !c.status.is_closed(),
            transfer_targets,
        })
    }

    /// An attached file of complaint `id`, for those who may read the complaint: its record and
    /// its content, checked against its hash while read.
    pub async fn complaint_attachment(
        &self,
        actor: &Actor,
        id: Id,
        sha256: &str,
    ) -> AppResult<(Attachment, VerifiedReader)> {
        let attachment = {
            let mut tx = self.begin_read().await?;
            let (_, c, handler) = load(&mut *tx, id).await?;
            complaint_access(actor, &handler, c.supervisor_id)?;
            c.filing
                .attachments
                .into_iter()
                .find(|a| a.sha256 == sha256)
                .ok_or(AppError::NotFound("附件"))?
        };
        let hash = ContentHash::parse(&attachment.sha256)
            .map_err(|_| AppError::Internal(format!("complaint {id}: a malformed hash")))?;
        let reader = self
            .blob_store()?
            .open(
                hash,
                attachment.size,
                format!("投诉举报附件 {}", attachment.name),
            )
            .await
            .map_err(|e| {
                let problem = match e {
                    BlobError::Missing { .. } => "缺失",
                    BlobError::WrongSize { .. } => "大小与登记的不符",
                    other => return AppError::Internal(other.to_string()),
                };
                AppError::Integrity(format!(
                    "投诉举报件 {id} 的附件“{}”{problem}",
                    attachment.name
                ))
            })?;
        Ok((attachment, reader))
    }

    /// Takes a step on complaint `id` for the actor's body.
    pub async fn act_on_complaint(
        &self,
        actor: &Actor,
        id: Id,
        command: ComplaintCommand,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        let (_, mut c, handler) = load(&mut *tx, id).await?;
        let by = complaint_access(actor, &handler, c.supervisor_id)?;
        authorize(actor, Action::HandleComplaints, &handler)?;
        if let ComplaintCommand::Answer {
            case_code: Some(code),
            ..
        } = &command
            && !code.trim().is_empty()
            && !tx
                .cases_of(&[handler.id])
                .await?
                .iter()
                .any(|k| k.code == code.trim())
        {
            return Err(AppError::invalid(
                "case_code",
                format!("{}没有案件编号为“{}”的案件", handler.name, code.trim()),
            ));
        }
        if let ComplaintCommand::Transfer { to_id, .. } = &command {
            let target = load_org(&mut *tx, *to_id).await?;
            let county = county_of(&mut *tx, &handler).await?;
            if !receives_transfers(&target, &county) {
                return Err(AppError::invalid(
                    "to_id",
                    "只能转办给本县的乡镇(街道)、县级部门或司法行政部门",
                ));
            }
        }
        let events = domain::decide(
            &c,
            &command,
            by,
            self.clock.today(),
            WorkingCalendar::official(),
            &self.policy.complaints,
        )?;
        let first = tx.complaint_events(id).await?.len() as i64;
        for e in &events {
            c.apply(e);
        }
        self.append_complaint_events(&mut *tx, id, first, Some(actor), &events, &c)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Escalates to the county justice bureau every complaint whose running deadline has
    /// passed (the sweep, at start and periodically). Returns how many it escalated.
    pub async fn escalate_overdue(&self) -> AppResult<usize> {
        let today = self.clock.today();
        let due: Vec<Id> = {
            let mut tx = self.begin_read().await?;
            tx.complaints(&ComplaintFilter {
                due_before: Some(today),
                limit: i64::MAX,
                ..ComplaintFilter::default()
            })
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect()
        };
        let mut escalated = 0;
        for id in due {
            let mut tx = self.begin().await?;
            let (_, mut c, handler) = load(&mut *tx, id).await?;
            let county = county_of(&mut *tx, &handler).await?;
            let bureau = bureau_of(&mut *tx, &county).await?;
            let Some(event) = domain::escalation(&c, bureau.id, today) else {
                continue;
            };
            let first = tx.complaint_events(id).await?.len() as i64;
            c.apply(&event);
            self.append_complaint_events(&mut *tx, id, first, None, &[event], &c)
                .await?;
            tx.commit().await?;
            escalated += 1;
        }
        Ok(escalated)
    }
}

/// Whether `o` may be handed a complaint of `county`: a body of it that takes complaints.
fn receives_transfers(o: &OrgUnit, county: &OrgUnit) -> bool {
    o.parent_id == Some(county.id) && domain::receives_complaints(o.kind)
}

async fn load(tx: &mut dyn Tx, id: Id) -> AppResult<(StoredComplaint, Complaint, OrgUnit)> {
    let stored = tx
        .complaint(id)
        .await?
        .ok_or(AppError::NotFound("投诉举报件"))?;
    let c = folded(&stored)?;
    let handler = load_org(tx, c.handler_id).await?;
    Ok((stored, c, handler))
}
