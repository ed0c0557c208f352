//! A party follows its own case on the portal (当事人查询): with the case's code and the
//! verification code of any document served to it — both printed on every document — it sees
//! the case's steps, the deadlines that concern it (statement, hearing request, payment, the
//! windows for review and lawsuit) and the documents issued, and nothing of any other case.
//!
//! Wrong codes are limited: after [`MAX_MISSES`] misses on one case code within
//! [`MISS_WINDOW`], that code is refused until the window has passed, so a check code cannot be
//! guessed. A wrong case code and a wrong check code get the same answer.
//!
//! Not here: the page (`zhifa_web::pages::portal`).

use crate::App;
use crate::cases::CaseDeadline;
use crate::documents::IssuedDocument;
use crate::error::{AppError, AppResult};
use crate::orgs::load_org;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use zhifa_domain::Id;
use zhifa_domain::calendar::WorkingCalendar;
use zhifa_domain::case::{CaseEvent, Stage};
use zhifa_domain::deadline::{Deadlines, RuleId};
use zhifa_store::DocumentRecord;

/// The refusal's code once a case code has had too many misses.
pub const TOO_MANY_ATTEMPTS: &str = "party.too_many_attempts";
/// Misses allowed on one case code within [`MISS_WINDOW`].
pub const MAX_MISSES: u32 = 5;
pub const MISS_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Counts per key (a case code's misses; a client's filings), forgotten after a window:
/// once a key has `max` within the window, it is refused until the window has passed.
#[derive(Debug)]
pub struct CodeGuard {
    misses: Mutex<HashMap<String, (u32, Instant)>>,
    max: u32,
    window: Duration,
}

impl Default for CodeGuard {
    /// Wrong codes: [`MAX_MISSES`] per [`MISS_WINDOW`].
    fn default() -> Self {
        CodeGuard::new(MAX_MISSES, MISS_WINDOW)
    }
}

impl CodeGuard {
    pub fn new(max: u32, window: Duration) -> CodeGuard {
        CodeGuard {
            misses: Mutex::default(),
            max,
            window,
        }
    }

    pub(crate) fn refused(&self, code: &str) -> bool {
        let mut misses = self.misses.lock().unwrap_or_else(|p| p.into_inner());
        misses.retain(|_, (_, since)| since.elapsed() < self.window);
        misses.get(code).is_some_and(|(n, _)| *n >= self.max)
    }

    pub(crate) fn missed(&self, code: &str) {
        let mut misses = self.misses.lock().unwrap_or_else(|p| p.into_inner());
        let entry = misses
            .entry(code.to_string())
            .or_insert((0, Instant::now()));
        entry.0 += 1;
    }
}

/// One step of the case as the party reads it.
#[derive(Debug, Clone, Serialize)]
pub struct PartyStep {
    pub on: String,
    pub text: String,
}

/// A party's view of its case.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub code: String,
    pub agency: String,
    pub matter: String,
    pub stage_label: &'static str,
    pub steps: Vec<PartyStep>,
    pub deadlines: Vec<CaseDeadline>,
    pub documents: Vec<IssuedDocument>,
}

impl App {
    /// The case with `case_code` and a document of it with verification code `check`.
    async fn party_records(
        &self,
        case_code: &str,
        check: &str,
    ) -> AppResult<(Id, Vec<DocumentRecord>)> {
        let case_code = case_code.trim();
        // Misses count per code however it is typed.
        let key = case_code.to_uppercase();
        let check = check.trim().to_uppercase();
        if self.party_guard.refused(&key) {
            return Err(AppError::Refused(zhifa_domain::Refusal::new(
                TOO_MANY_ATTEMPTS,
                "查询码错误次数过多，请十五分钟后再试",
            )));
        }
        let mut tx = self.begin_read().await?;
        let mut matched = None;
        // A code is unique within a body: the check code tells two bodies' cases apart.
        for stored in tx.cases_by_code(case_code).await? {
            let documents = tx.documents_of_case(stored.id).await?;
            if documents.iter().any(|d| d.code == check) {
                matched = Some((stored.id, documents));
                break;
            }
        }
        matched.ok_or_else(|| {
            self.party_guard.missed(&key);
            AppError::NotFound("与该案件编号和验证码相符的案件")
        })
    }

    /// The party's view of the case with `case_code`, given the verification code `check`
    /// of a document of it (public, limited on wrong codes).
    pub async fn party_case(&self, case_code: &str, check: &str) -> AppResult<PartyView> {
        let (case_id, documents) = self.party_records(case_code, check).await?;
        let mut tx = self.begin_read().await?;
        let (stored, case, records) = Self::load_case(&mut *tx, case_id).await?;
        let org = load_org(&mut *tx, stored.org_id).await?;
        let agency = self.agency(&mut *tx, &org).await?.name;
        drop(tx);
        let steps = records
            .iter()
            .filter_map(|r| {
                let event: CaseEvent = serde_json::from_str(&r.event).ok()?;
                Some(PartyStep {
                    on: crate::clock::local(r.at).format("%Y-%m-%d").to_string(),
                    text: event.describe(),
                })
            })
            .collect();
        let mut deadlines = self.deadlines(&case)?;
        // The windows for remedies run from service (《行政复议法》第二十条, 《行政诉讼法》第四十六条).
        if let (Some(service), false) = (
            &case.service,
            matches!(case.stage, Stage::Closed | Stage::Archived),
        ) {
            let d = Deadlines::new(WorkingCalendar::official(), self.policy.deadlines.clone());
            for (label, rule) in [
                ("申请行政复议期限", RuleId::Review),
                ("提起行政诉讼期限", RuleId::Lawsuit),
            ] {
                let due = d.due(rule, service.on)?;
                deadlines.push(self.deadline(label, due)?);
            }
            deadlines.sort_by_key(|c| c.date);
        }
        Ok(PartyView {
            code: stored.code,
            agency,
            matter: case.matter.name.clone(),
            stage_label: case.stage.label(),
            steps,
            deadlines,
            documents: documents
                .iter()
                .map(IssuedDocument::of)
                .collect::<AppResult<Vec<_>>>()?,
        })
    }

    /// A document of the party's case, as PDF, given the same codes.
    pub async fn party_document(
        &self,
        case_code: &str,
        check: &str,
        document_id: Id,
    ) -> AppResult<(IssuedDocument, Vec<u8>)> {
        let (_, documents) = self.party_records(case_code, check).await?;
        let record = documents
            .into_iter()
            .find(|d| d.id == document_id)
            .ok_or(AppError::NotFound("文书"))?;
        let bytes = self.document_bytes(&record).await?;
        Ok((IssuedDocument::of(&record)?, bytes))
    }
}
