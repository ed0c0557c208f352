//! Complaints and reports from the public (投诉举报, S6.1, R-70): what a citizen may file, where
//! it goes, the deadlines the body it goes to must meet, and the escalation to the county
//! justice bureau when one is missed.
//!
//! A complaint is a record of events folded into its state, as a case is: it is filed, routed
//! to one body, accepted or not, perhaps transferred to the competent body, answered, and
//! escalated (督办) each time a deadline passes with nothing done. The events are the record;
//! nothing is ever changed in place.
//!
//! Two kinds are filed: a report of an unlawful act (举报) in a matter of the powers catalog,
//! which goes to the body the resolver names competent for the township on the day, and a
//! complaint about how officers enforced (投诉执法行为), which goes to the county justice
//! bureau that supervises enforcement. A filing that names no township goes to the
//! bureau too, which passes it on.
//!
//! Not here: who may act for a body (the application's authorization), the resolver's search
//! for the competent body (`jurisdiction`), storage, the portal and the Open311 API.

mod decide;

pub use decide::*;

use crate::calendar::WorkingCalendar;
use crate::org::OrgKind;
use crate::refusal::Refusal;
use crate::{Id, jurisdiction::CompetenceBasis};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The Open311 service code of complaints about officers' conduct.
pub const CONDUCT_SERVICE: &str = "conduct";
/// The Open311 service code of a report whose matter the citizen does not know.
pub const OTHER_SERVICE: &str = "other";

/// The county justice bureau supervises enforcement and takes complaints about it.
pub const BASIS_SUPERVISION: &str = "四川省司法厅乡镇执法规范化指导意见 六（一）";

/// What local rules decide about complaints, with the defaults and their sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintPolicy {
    /// Working days, from filing or transfer, to accept a complaint or refuse it with a reason
    /// (default 7, as 《市场监督管理投诉举报处理暂行办法》第十四条 gives for complaints).
    pub accept_working_days: u32,
    /// Working days, from acceptance, to answer (default 15, as 《市场监督管理行政处罚程序规定》
    /// 第十八条 gives for checking a report).
    pub answer_working_days: u32,
    /// Files a filing may carry as evidence.
    pub max_attachments: usize,
    /// The largest file, in bytes: the deployment's disk, not the law, sets it.
    pub max_attachment_bytes: u64,
    /// Filings one network address may make in an hour (0: no limit, e.g. behind a proxy
    /// where every filing seems to come from the proxy; its own limits then apply).
    pub max_filings_per_hour: u32,
}

impl Default for ComplaintPolicy {
    fn default() -> Self {
        ComplaintPolicy {
            accept_working_days: 7,
            answer_working_days: 15,
            max_attachments: 5,
            max_attachment_bytes: 20 * 1024 * 1024,
            max_filings_per_hour: 20,
        }
    }
}

/// What is filed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintKind {
    /// 举报: an unlawful act in a matter of the catalog (or an unknown one).
    Report,
    /// 投诉: how officers enforced.
    Conduct,
}

impl ComplaintKind {
    pub fn label(self) -> &'static str {
        match self {
            ComplaintKind::Report => "举报违法行为",
            ComplaintKind::Conduct => "投诉执法行为",
        }
    }
}

/// What a filing is about: an Open311 service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// A catalog item's code, [`CONDUCT_SERVICE`] or [`OTHER_SERVICE`].
    pub code: String,
    pub name: String,
    /// The catalog item's domain, or 其他 / 执法监督.
    pub group: String,
    pub kind: ComplaintKind,
    /// The catalog item reported, when the service is one.
    pub item_id: Option<Id>,
}

/// How a filing came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The portal's form.
    Portal,
    /// The Open311 API (citizen apps, the 12345 hotline).
    Open311,
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Portal => "门户网站",
            Channel::Open311 => "Open311接口",
        }
    }
}

/// Who filed, when not anonymous. Never published.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contact {
    pub name: String,
    pub phone: String,
    pub email: String,
}

/// A file filed as evidence: kept by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub sha256: String,
    pub media_type: String,
    pub name: String,
    pub size: u64,
}

/// A filing as the citizen gives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Filing {
    pub service: Service,
    pub township_id: Option<Id>,
    pub description: String,
    /// Where it happened, in words.
    pub location: String,
    /// Latitude and longitude, when a device gave them.
    pub position: Option<(f64, f64)>,
    /// `None`: anonymous (匿名).
    pub contact: Option<Contact>,
    pub attachments: Vec<Attachment>,
    /// Links a citizen app gave to its own copies of photos; kept, never fetched.
    pub media_urls: Vec<String>,
    pub channel: Channel,
}

/// Why a complaint went to the body it went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// The body the resolver names competent for the matter in the township on the day.
    Competent(CompetenceBasis),
    /// The township where it happened: the matter is not known.
    Township,
    /// The county justice bureau: a complaint about enforcement.
    Supervision,
    /// The county justice bureau, to pass on: no township is named.
    Triage,
}

impl Route {
    pub fn label(self) -> &'static str {
        match self {
            Route::Competent(CompetenceBasis::Statutory) => "按权责清单由乡镇(街道)依法定职权办理",
            Route::Competent(CompetenceBasis::Granted) => "按承接清单由乡镇(街道)办理",
            Route::Competent(CompetenceBasis::Retained) => "该事项未赋权乡镇，由县级主管部门办理",
            Route::Competent(CompetenceBasis::CountyDefault) => "由县级人民政府办理",
            Route::Township => "事项不明，由属地乡镇(街道)办理",
            Route::Supervision => "执法行为投诉由县级司法行政部门受理",
            Route::Triage => "未注明乡镇(街道)，由县级司法行政部门分办",
        }
    }
}

/// The deadline an escalation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Accept,
    Answer,
}

/// One fact of a complaint's record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ComplaintEvent {
    Filed {
        filing: Box<Filing>,
        on: NaiveDate,
    },
    Routed {
        to_id: Id,
        route: Route,
        accept_by: NaiveDate,
    },
    Accepted {
        by_id: Id,
        note: String,
        answer_by: NaiveDate,
    },
    /// 不予受理, with the reason the citizen is told.
    Rejected {
        by_id: Id,
        reason: String,
    },
    /// 转办: to the body that is competent.
    Transferred {
        from_id: Id,
        to_id: Id,
        reason: String,
        accept_by: NaiveDate,
    },
    /// 办结: the answer the citizen is told, and the case it led to, if any.
    Answered {
        by_id: Id,
        text: String,
        case_code: Option<String>,
    },
    /// 督办: a deadline passed; the bureau now supervises.
    Escalated {
        to_id: Id,
        stage: Stage,
        due: NaiveDate,
    },
    /// The bureau's instruction to the body handling it.
    Supervised {
        by_id: Id,
        note: String,
    },
}

/// Where a complaint stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 待受理.
    Received,
    /// 办理中.
    Accepted,
    /// 已办结.
    Answered,
    /// 不予受理.
    Rejected,
}

impl Status {
    pub fn key(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Accepted => "accepted",
            Status::Answered => "answered",
            Status::Rejected => "rejected",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Received => "待受理",
            Status::Accepted => "办理中",
            Status::Answered => "已办结",
            Status::Rejected => "不予受理",
        }
    }

    pub fn is_closed(self) -> bool {
        matches!(self, Status::Answered | Status::Rejected)
    }
}

/// A complaint folded from its events.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    pub filing: Filing,
    pub filed_on: NaiveDate,
    /// The body that must act now.
    pub handler_id: Id,
    pub route: Route,
    pub status: Status,
    pub accept_by: NaiveDate,
    pub answer_by: Option<NaiveDate>,
    /// The bureau supervising, once a deadline was missed.
    pub supervisor_id: Option<Id>,
    pub escalations: Vec<(Stage, NaiveDate)>,
    /// The answer, or the reason it was not accepted.
    pub outcome: Option<String>,
    pub case_code: Option<String>,
}

impl Complaint {
    /// The complaint its events describe; `None` if they do not begin with a filing and its
    /// routing.
    pub fn fold(events: &[ComplaintEvent]) -> Option<Complaint> {
        let (
            ComplaintEvent::Filed { filing, on },
            ComplaintEvent::Routed {
                to_id,
                route,
                accept_by,
            },
        ) = (events.first()?, events.get(1)?)
        else {
            return None;
        };
        let mut c = Complaint {
            filing: (**filing).clone(),
            filed_on: *on,
            handler_id: *to_id,
            route: *route,
            status: Status::Received,
            accept_by: *accept_by,
            answer_by: None,
            supervisor_id: None,
            escalations: Vec::new(),
            outcome: None,
            case_code: None,
        };
        for e in &events[2..] {
            c.apply(e);
        }
        Some(c)
    }

    pub fn apply(&mut self, event: &ComplaintEvent) {
        match event {
            ComplaintEvent::Filed { .. } | ComplaintEvent::Supervised { .. } => {}
            ComplaintEvent::Routed {
                to_id,
                route,
                accept_by,
            } => {
                self.handler_id = *to_id;
                self.route = *route;
                self.accept_by = *accept_by;
            }
            ComplaintEvent::Accepted { answer_by, .. } => {
                self.status = Status::Accepted;
                self.answer_by = Some(*answer_by);
            }
            ComplaintEvent::Rejected { reason, .. } => {
                self.status = Status::Rejected;
                self.outcome = Some(reason.clone());
            }
            ComplaintEvent::Transferred {
                to_id, accept_by, ..
            } => {
                self.handler_id = *to_id;
                self.accept_by = *accept_by;
                self.status = Status::Received;
                self.answer_by = None;
            }
            ComplaintEvent::Answered {
                text, case_code, ..
            } => {
                self.status = Status::Answered;
                self.outcome = Some(text.clone());
                self.case_code = case_code.clone();
            }
            ComplaintEvent::Escalated { to_id, stage, due } => {
                self.supervisor_id = Some(*to_id);
                self.escalations.push((*stage, *due));
            }
        }
    }

    /// The deadline that runs now: accepting while received, answering while accepted.
    pub fn current_deadline(&self) -> Option<(Stage, NaiveDate)> {
        match self.status {
            Status::Received => Some((Stage::Accept, self.accept_by)),
            Status::Accepted => self.answer_by.map(|d| (Stage::Answer, d)),
            Status::Answered | Status::Rejected => None,
        }
    }

    /// Whether the running deadline has passed on `today`.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.current_deadline().is_some_and(|(_, due)| today > due)
    }
}

/// The escalation due on `today`: the running deadline has passed and was not escalated yet.
/// A transfer sets a new deadline, which is escalated on its own when it passes. What the
/// bureau handles itself has no one above it here: it stays overdue on its own lists.
pub fn escalation(
    complaint: &Complaint,
    bureau_id: Id,
    today: NaiveDate,
) -> Option<ComplaintEvent> {
    if complaint.handler_id == bureau_id {
        return None;
    }
    let (stage, due) = complaint.current_deadline()?;
    let done = complaint.escalations.contains(&(stage, due));
    (today > due && !done).then_some(ComplaintEvent::Escalated {
        to_id: bureau_id,
        stage,
        due,
    })
}

/// Whether a body of `kind` takes complaints, by routing or transfer: a township, a county
/// department, or the county justice bureau.
pub fn receives_complaints(kind: OrgKind) -> bool {
    matches!(
        kind,
        OrgKind::Township | OrgKind::CountyDepartment | OrgKind::JusticeBureau
    )
}

/// The body a new filing goes to and why. `competent` is the resolver's answer for the
/// report's matter in the filing's township on the day, when there is one.
pub fn route(
    filing: &Filing,
    competent: Option<(Id, CompetenceBasis)>,
    bureau_id: Id,
) -> (Id, Route) {
    match (filing.service.kind, filing.township_id, competent) {
        (ComplaintKind::Conduct, _, _) => (bureau_id, Route::Supervision),
        (ComplaintKind::Report, None, _) => (bureau_id, Route::Triage),
        (ComplaintKind::Report, Some(_), Some((holder, basis))) => {
            (holder, Route::Competent(basis))
        }
        (ComplaintKind::Report, Some(township), None) => (township, Route::Township),
    }
}

/// The events that open a complaint: its filing and its routing, with the first deadline.
pub fn open(
    filing: Filing,
    to: (Id, Route),
    today: NaiveDate,
    calendar: &WorkingCalendar,
    policy: &ComplaintPolicy,
) -> Result<Vec<ComplaintEvent>, Refusal> {
    check_filing(&filing, policy)?;
    let accept_by = working_days(calendar, today, policy.accept_working_days);
    Ok(vec![
        ComplaintEvent::Filed {
            filing: Box::new(filing),
            on: today,
        },
        ComplaintEvent::Routed {
            to_id: to.0,
            route: to.1,
            accept_by,
        },
    ])
}

/// `from` plus `n` working days. Beyond the years the official calendar covers, Monday to
/// Friday count: a citizen's filing is never refused for want of a holiday notice, and the
/// deadline is at worst a holiday or two early.
pub(crate) fn working_days(calendar: &WorkingCalendar, from: NaiveDate, n: u32) -> NaiveDate {
    calendar.add_working_days(from, n).unwrap_or_else(|_| {
        let mut day = from;
        let mut left = n;
        while left > 0 {
            day = day.succ_opt().unwrap_or(day);
            if day.weekday().number_from_monday() <= 5 {
                left -= 1;
            }
        }
        day
    })
}

/// The most characters a description may have.
pub const MAX_DESCRIPTION: usize = 2000;
/// The most characters of a place or an e-mail address.
pub const MAX_SHORT: usize = 200;
/// The fewest: enough to say what, where and when.
pub const MIN_DESCRIPTION: usize = 10;

/// What a filing must hold.
pub fn check_filing(filing: &Filing, policy: &ComplaintPolicy) -> Result<(), Refusal> {
    let chars = filing.description.trim().chars().count();
    if chars < MIN_DESCRIPTION {
        return Err(Refusal::new(
            "complaint.description_short",
            format!("请写明事情经过（至少{MIN_DESCRIPTION}个字）：什么人、在哪里、做了什么"),
        )
        .on_field("description"));
    }
    if chars > MAX_DESCRIPTION {
        return Err(Refusal::new(
            "complaint.description_long",
            format!("事情经过不超过{MAX_DESCRIPTION}个字，更多内容请作为附件上传"),
        )
        .on_field("description"));
    }
    if filing.location.chars().count() > MAX_SHORT {
        return Err(Refusal::new(
            "complaint.location_long",
            format!("地点不超过{MAX_SHORT}个字"),
        )
        .on_field("location"));
    }
    if filing.service.kind == ComplaintKind::Report
        && filing.location.trim().is_empty()
        && filing.position.is_none()
    {
        return Err(
            Refusal::new("complaint.no_location", "举报违法行为请写明发生地点")
                .on_field("location"),
        );
    }
    if let Some((lat, long)) = filing.position
        && !((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&long))
    {
        return Err(Refusal::new("complaint.bad_position", "经纬度超出范围").on_field("lat"));
    }
    if filing.attachments.len() > policy.max_attachments {
        return Err(Refusal::new(
            "complaint.too_many_attachments",
            format!("附件最多{}个", policy.max_attachments),
        )
        .on_field("attachments"));
    }
    if let Some(contact) = &filing.contact {
        check_contact(contact)?;
    }
    if filing
        .media_urls
        .iter()
        .any(|u| u.len() > 1000 || !(u.starts_with("https://") || u.starts_with("http://")))
    {
        return Err(Refusal::new(
            "complaint.bad_media_url",
            "材料链接应为 http:// 或 https:// 开头的网址，不超过1000个字符",
        )
        .on_field("media_url"));
    }
    Ok(())
}

fn check_contact(contact: &Contact) -> Result<(), Refusal> {
    if contact.name.chars().count() > 50 || contact.email.len() > MAX_SHORT {
        return Err(
            Refusal::new("complaint.contact_long", "姓名或电子邮箱过长").on_field("first_name")
        );
    }
    let phone = contact.phone.trim();
    let phone_ok = phone.is_empty()
        || (phone.len() >= 7
            && phone.len() <= 20
            && phone
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-' || c == '+'));
    if !phone_ok {
        return Err(
            Refusal::new("complaint.bad_phone", "联系电话只能包含数字和“-”，7至20位")
                .on_field("phone"),
        );
    }
    let email = contact.email.trim();
    let email_ok = email.is_empty()
        || email.split_once('@').is_some_and(|(user, host)| {
            !user.is_empty() && host.contains('.') && !email.contains(' ')
        });
    if !email_ok {
        return Err(Refusal::new("complaint.bad_email", "电子邮箱格式不正确").on_field("email"));
    }
    if phone.is_empty() && email.is_empty() {
        return Err(Refusal::new(
            "complaint.no_contact",
            "实名投诉举报请留下电话或电子邮箱，以便告知办理结果；不愿留下的，可选择匿名",
        )
        .on_field("phone"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
