//! Complaints and reports from the public (投诉举报, S6.1): filing, on the portal's form or
//! through the Open311 API, with files as evidence; routing to the competent body by the
//! resolver; a tracking number and a check code with which the filer follows it.
//!
//! A filing is one transaction: the complaint, its first events (filed, routed with its first
//! deadline) and their log entry, or nothing. Attached files are stored first, by their hash
//! (a file of a refused filing stays in the store unreferenced, as an interrupted upload does).
//! The check code is shown to the filer once and kept only as its hash.
//!
//! Not here: the rules (`zhifa_domain::complaint`), the bodies' steps and the deadline sweep
//! (`handling`), the pages and the Open311 API (`zhifa_web`).

mod handling;
mod views;

pub use handling::*;
pub use views::*;

use crate::App;
use crate::blob_store::PutLimits;
use crate::error::{AppError, AppResult};
use crate::jurisdiction::competence;
use crate::orgs::{county_of, load_org};
use chrono::Datelike;
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::io::AsyncRead;
use zhifa_domain::Id;
use zhifa_domain::calendar::WorkingCalendar;
use zhifa_domain::catalog::PowerKind;
use zhifa_domain::complaint::{
    self as domain, Attachment, CONDUCT_SERVICE, Channel, Complaint, ComplaintEvent, ComplaintKind,
    Contact, Filing, OTHER_SERVICE, Service,
};
use zhifa_domain::evidence::MediaType;
use zhifa_domain::org::{OrgKind, OrgUnit};
use zhifa_store::{ComplaintStep, ComplaintSummary, NewComplaint, Tx};

/// The characters of check codes: no 0/O, 1/I/L, so that one read aloud on the phone is
/// taken down right.
const CHECK_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CHECK_LEN: usize = 8;

/// What a filer gives, as the form or the API received it.
#[derive(Debug, Clone, Default)]
pub struct FilingInput {
    pub service_code: String,
    /// The township's code, when the filer chose one.
    pub township_code: Option<String>,
    pub description: String,
    pub location: String,
    pub position: Option<(f64, f64)>,
    /// `None`: anonymous.
    pub contact: Option<Contact>,
    pub attachments: Vec<Attachment>,
    pub media_urls: Vec<String>,
    pub channel: Option<Channel>,
}

/// What the filer is told once: the tracking number and the check code to follow it.
#[derive(Debug, Clone, Serialize)]
pub struct Filed {
    pub id: Id,
    pub tracking_no: String,
    pub check_code: String,
    pub handler: String,
    pub accept_by: chrono::NaiveDate,
}

/// A file attached to a filing, as received.
#[derive(Debug, Clone)]
pub struct AttachmentUpload {
    pub name: String,
    pub media_type: String,
    pub declared_size: Option<u64>,
}

/// The refusal's code once an address has filed its hour's share.
pub const TOO_MANY_FILINGS: &str = "complaint.too_many_filings";

impl App {
    /// Counts a filing from network address `source` (before anything of it is read), or
    /// refuses it once the address has filed the policy's number in the last hour.
    pub fn admit_filing(&self, source: std::net::IpAddr) -> AppResult<()> {
        if self.policy.complaints.max_filings_per_hour == 0 {
            return Ok(());
        }
        let key = source.to_string();
        if self.filing_guard.refused(&key) {
            return Err(AppError::Refused(zhifa_domain::Refusal::new(
                TOO_MANY_FILINGS,
                "本网络地址一小时内提交次数过多，请稍后再试，或拨打投诉举报电话",
            )));
        }
        self.filing_guard.missed(&key);
        Ok(())
    }

    /// What the public may file about: each penalty matter of the catalog, grouped by domain,
    /// then a report of an unknown matter and a complaint about officers' conduct.
    pub async fn complaint_services(&self) -> AppResult<Vec<Service>> {
        let mut tx = self.begin_read().await?;
        services(&mut *tx).await
    }

    /// Stores one file attached to a filing, before the filing itself.
    pub async fn put_complaint_attachment<R: AsyncRead + Unpin + Send>(
        &self,
        upload: AttachmentUpload,
        content: R,
    ) -> AppResult<Attachment> {
        let media_type = MediaType::parse(&upload.media_type)
            .map_err(|r| AppError::Refused(r.on_field("attachments")))?;
        let max = self.policy.complaints.max_attachment_bytes;
        let stored = self
            .blob_store()?
            .put(
                content,
                PutLimits {
                    max_bytes: max,
                    declared_size: upload.declared_size,
                    expected_hash: None,
                },
            )
            .await
            .map_err(|e| crate::evidence::upload_error(e, max))?;
        let name: String = upload.name.trim().chars().take(100).collect();
        Ok(Attachment {
            sha256: stored.hash.hex(),
            media_type: media_type.as_str().to_string(),
            name: if name.is_empty() {
                format!("附件.{}", media_type.extension())
            } else {
                name
            },
            size: stored.size,
        })
    }

    /// Files a complaint: checks it, routes it, and gives the tracking number and check code.
    pub async fn file_complaint(&self, input: FilingInput) -> AppResult<Filed> {
        let today = self.clock.today();
        let now = self.clock.now();
        let check_code = new_check_code();
        let mut tx = self.begin().await?;
        let service = services(&mut *tx)
            .await?
            .into_iter()
            .find(|s| s.code == input.service_code.trim())
            .ok_or_else(|| AppError::invalid("service_code", "请选择投诉举报的事项"))?;
        let township = match input.township_code.as_deref().map(str::trim) {
            Some(code) if !code.is_empty() => Some(township_by_code(&mut *tx, code).await?),
            // A place that names a township (青山镇大桥下) says where it happened.
            _ => township_named_in(&mut *tx, &input.location).await?,
        };
        let county = match &township {
            Some(t) => county_of(&mut *tx, t).await?,
            None => only_county(&mut *tx).await?,
        };
        let bureau = bureau_of(&mut *tx, &county).await?;
        let competent = match (&township, service.item_id) {
            (Some(t), Some(item_id)) => {
                let item = tx
                    .catalog_item(item_id)
                    .await?
                    .ok_or(AppError::NotFound("事项"))?;
                let c = competence(&mut *tx, t, &item, today).await?;
                Some((c.holder_id, c.basis))
            }
            _ => None,
        };
        let filing = Filing {
            service,
            township_id: township.as_ref().map(|t| t.id),
            description: input.description.trim().to_string(),
            location: input.location.trim().to_string(),
            position: input.position,
            contact: input.contact.map(|c| Contact {
                name: c.name.trim().to_string(),
                phone: c.phone.trim().to_string(),
                email: c.email.trim().to_string(),
            }),
            attachments: input.attachments,
            media_urls: input.media_urls,
            channel: input.channel.unwrap_or(Channel::Portal),
        };
        let to = domain::route(&filing, competent, bureau.id);
        let events = domain::open(
            filing,
            to,
            today,
            WorkingCalendar::official(),
            &self.policy.complaints,
        )?;
        let complaint = Complaint::fold(&events)
            .ok_or_else(|| AppError::Internal("a new complaint does not fold".into()))?;
        // One series for the whole tree (a province's deployment serves many counties), kept
        // on its root, so that a tracking number names one complaint.
        let root_id = county.ancestor_ids().first().copied().unwrap_or(county.id);
        let n = tx.next_number(root_id, "complaint", today.year()).await?;
        let tracking_no = format!("TS-{}-{n:05}", today.year());
        let id = tx
            .insert_complaint(&NewComplaint {
                tracking_no: tracking_no.clone(),
                check_hash: hash_code(&check_code),
                service_code: complaint.filing.service.code.clone(),
                filed_at: now,
                summary: summary(&complaint)?,
            })
            .await?;
        self.append_complaint_events(&mut *tx, id, 0, None, &events, &complaint)
            .await?;
        let handler = load_org(&mut *tx, complaint.handler_id).await?;
        tx.commit().await?;
        Ok(Filed {
            id,
            tracking_no,
            check_code,
            handler: handler.name,
            accept_by: complaint.accept_by,
        })
    }

    /// Writes `events` as the complaint's step from event `first`, with the summary after
    /// them and a log entry per event, in `tx`.
    pub(crate) async fn append_complaint_events(
        &self,
        tx: &mut dyn Tx,
        id: Id,
        first: i64,
        actor: Option<&crate::Actor>,
        events: &[ComplaintEvent],
        after: &Complaint,
    ) -> AppResult<()> {
        let texts = events
            .iter()
            .map(serde_json::to_string)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        for (event, text) in events.iter().zip(&texts) {
            let kind = match event {
                ComplaintEvent::Filed { .. } => "complaint.filed",
                ComplaintEvent::Routed { .. } => "complaint.routed",
                ComplaintEvent::Accepted { .. } => "complaint.accepted",
                ComplaintEvent::Rejected { .. } => "complaint.rejected",
                ComplaintEvent::Transferred { .. } => "complaint.transferred",
                ComplaintEvent::Answered { .. } => "complaint.answered",
                ComplaintEvent::Escalated { .. } => "complaint.escalated",
                ComplaintEvent::Supervised { .. } => "complaint.supervised",
            };
            // The log holds the event's hash, not the filer's words or contact.
            let payload = serde_json::json!({
                "sha256": crate::blob_store::hash_of(text.as_bytes()).hex(),
                "handler_id": after.handler_id,
            });
            self.record(
                tx,
                actor,
                Some(after.handler_id),
                kind,
                format!("complaint:{id}"),
                payload,
            )
            .await?;
        }
        tx.append_complaint_step(&ComplaintStep {
            complaint_id: id,
            first,
            at: self.clock.now(),
            actor_id: actor.map(|a| a.user.id),
            events: &texts,
            summary: &summary(after)?,
        })
        .await?;
        Ok(())
    }
}

pub(crate) fn summary(c: &Complaint) -> AppResult<ComplaintSummary> {
    Ok(ComplaintSummary {
        org_id: c.handler_id,
        supervisor_id: c.supervisor_id,
        status: c.status.key().to_string(),
        due_on: c.current_deadline().map(|(_, d)| d),
        snapshot: serde_json::to_string(c).map_err(|e| AppError::Internal(e.to_string()))?,
    })
}

async fn services(tx: &mut dyn Tx) -> AppResult<Vec<Service>> {
    let mut items = tx.catalog_items().await?;
    items.retain(|i| i.item.kind == PowerKind::Penalty);
    items.sort_by(|a, b| (&a.item.domain, &a.item.code).cmp(&(&b.item.domain, &b.item.code)));
    items.dedup_by(|a, b| a.item.code == b.item.code);
    let mut all: Vec<Service> = items
        .into_iter()
        .map(|i| Service {
            code: i.item.code,
            name: i.item.name,
            group: i.item.domain,
            kind: ComplaintKind::Report,
            item_id: Some(i.id),
        })
        .collect();
    all.push(Service {
        code: OTHER_SERVICE.into(),
        name: "其他违法行为线索（不清楚属于哪一事项）".into(),
        group: "其他".into(),
        kind: ComplaintKind::Report,
        item_id: None,
    });
    all.push(Service {
        code: CONDUCT_SERVICE.into(),
        name: "投诉执法人员的执法行为（不作为、乱作为、态度作风等）".into(),
        group: "执法监督".into(),
        kind: ComplaintKind::Conduct,
        item_id: None,
    });
    Ok(all)
}

async fn township_by_code(tx: &mut dyn Tx, code: &str) -> AppResult<OrgUnit> {
    tx.orgs()
        .await?
        .into_iter()
        .find(|o| o.kind == OrgKind::Township && (o.code == code || o.name == code))
        .ok_or_else(|| AppError::invalid("township", "没有这个乡镇(街道)"))
}

/// The township whose name the place begins with or contains, if exactly one does.
async fn township_named_in(tx: &mut dyn Tx, place: &str) -> AppResult<Option<OrgUnit>> {
    let mut named: Vec<OrgUnit> = tx
        .orgs()
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::Township && place.contains(o.name.as_str()))
        .collect();
    Ok((named.len() == 1).then(|| named.remove(0)))
}

/// The county when the system serves one; a filing that names no township needs it.
async fn only_county(tx: &mut dyn Tx) -> AppResult<OrgUnit> {
    let mut counties: Vec<OrgUnit> = tx
        .orgs()
        .await?
        .into_iter()
        .filter(|o| o.kind == OrgKind::County)
        .collect();
    match counties.len() {
        1 => Ok(counties.remove(0)),
        _ => Err(AppError::invalid("township", "请选择事情发生的乡镇(街道)")),
    }
}

/// The county's justice bureau, which supervises enforcement and takes what no township's.
pub(crate) async fn bureau_of(tx: &mut dyn Tx, county: &OrgUnit) -> AppResult<OrgUnit> {
    tx.orgs()
        .await?
        .into_iter()
        .find(|o| o.kind == OrgKind::JusticeBureau && o.parent_id == Some(county.id))
        .ok_or_else(|| {
            AppError::Refused(zhifa_domain::Refusal::new(
                "complaint.no_bureau",
                format!("{}未设县级司法行政部门，暂不能受理投诉举报", county.name),
            ))
        })
}

fn new_check_code() -> String {
    crate::auth::random_bytes::<CHECK_LEN>()
        .iter()
        .map(|b| CHECK_ALPHABET[usize::from(*b) % CHECK_ALPHABET.len()] as char)
        .collect()
}

pub(crate) fn hash_code(code: &str) -> String {
    hex::encode(Sha256::digest(code.trim().to_uppercase().as_bytes()))
}
