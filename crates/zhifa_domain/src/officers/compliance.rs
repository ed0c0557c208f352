//! The compliance view per township (S3): valid certificates, certificates expiring soon,
//! training shortfalls, and legal reviewers against the 5 % rule.

use super::{Certificate, CertificateStatus, TrainingKind, TrainingRecord};
use crate::Id;
use crate::org::Role;
use crate::policy::Policy;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// What a compliance indicator counts. Money is deliberately not a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    People,
    Certificates,
    Hours,
}

/// The indicators the system reports about people and bodies. Every screen, export and API
/// that evaluates officers or townships takes its columns from [`Indicator::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Indicator {
    Officers,
    ValidCertificates,
    ExpiringCertificates,
    TrainingShortfalls,
    LegalReviewers,
    LegalReviewersNeeded,
}

impl Indicator {
    pub const ALL: [Indicator; 6] = [
        Indicator::Officers,
        Indicator::ValidCertificates,
        Indicator::ExpiringCertificates,
        Indicator::TrainingShortfalls,
        Indicator::LegalReviewers,
        Indicator::LegalReviewersNeeded,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Indicator::Officers => "officers",
            Indicator::ValidCertificates => "valid_certificates",
            Indicator::ExpiringCertificates => "expiring_certificates",
            Indicator::TrainingShortfalls => "training_shortfalls",
            Indicator::LegalReviewers => "legal_reviewers",
            Indicator::LegalReviewersNeeded => "legal_reviewers_needed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Indicator::Officers => "执法人员",
            Indicator::ValidCertificates => "持有效证件",
            Indicator::ExpiringCertificates => "证件即将到期",
            Indicator::TrainingShortfalls => "培训学时不足",
            Indicator::LegalReviewers => "法制审核人员",
            Indicator::LegalReviewersNeeded => "法制审核人员应配",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Indicator::Officers
            | Indicator::TrainingShortfalls
            | Indicator::LegalReviewers
            | Indicator::LegalReviewersNeeded => Unit::People,
            Indicator::ValidCertificates | Indicator::ExpiringCertificates => Unit::Certificates,
        }
    }
}

/// The facts about one person that compliance needs.
#[derive(Debug, Clone)]
pub struct PersonFacts<'a> {
    pub user_id: Id,
    pub name: &'a str,
    pub role: Role,
    pub certificates: &'a [Certificate],
    pub training: &'a [TrainingRecord],
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OfficerRow {
    pub user_id: Id,
    pub name: String,
    pub certificate_number: Option<String>,
    pub certificate_status: Option<CertificateStatus>,
    pub expires_on: Option<NaiveDate>,
    pub expiring_soon: bool,
    pub general_hours: u32,
    pub domain_hours: u32,
    pub general_shortfall: u32,
    pub domain_shortfall: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Compliance {
    pub year: i32,
    pub totals: Vec<(Indicator, u32)>,
    pub reviewers_sufficient: bool,
    pub rows: Vec<OfficerRow>,
}

impl Compliance {
    pub fn total(&self, indicator: Indicator) -> u32 {
        self.totals
            .iter()
            .find(|(i, _)| *i == indicator)
            .map_or(0, |(_, v)| *v)
    }
}

/// Compliance of the people of one body on `today` for the training year of `today`.
pub fn compliance(policy: &Policy, people: &[PersonFacts<'_>], today: NaiveDate) -> Compliance {
    let year = today.year();
    let warn_until = today + chrono::Days::new(u64::from(policy.certificate_warning_days));
    let mut rows = Vec::new();
    for p in people.iter().filter(|p| p.role == Role::Officer) {
        let current = p
            .certificates
            .iter()
            .filter(|c| c.revocation.is_none() && c.issued_on <= today)
            .max_by_key(|c| c.expires_on);
        let status = current.map(|c| c.status_on(today));
        let hours = |kind| {
            p.training
                .iter()
                .filter(|t| t.kind == kind && t.on.year() == year)
                .map(|t| t.hours)
                .sum::<u32>()
        };
        let (general, domain) = (hours(TrainingKind::General), hours(TrainingKind::Domain));
        rows.push(OfficerRow {
            user_id: p.user_id,
            name: p.name.to_string(),
            certificate_number: current.map(|c| c.number.clone()),
            certificate_status: status,
            expires_on: current.map(|c| c.expires_on),
            expiring_soon: status == Some(CertificateStatus::Valid)
                && current.is_some_and(|c| c.expires_on <= warn_until),
            general_hours: general,
            domain_hours: domain,
            general_shortfall: policy.general_training_hours.saturating_sub(general),
            domain_shortfall: policy.domain_training_hours.saturating_sub(domain),
        });
    }
    let officers = rows.len() as u32;
    let reviewers = people
        .iter()
        .filter(|p| p.role == Role::LegalReviewer)
        .count() as u32;
    let needed = policy.reviewers_needed(officers);
    let count = |f: &dyn Fn(&OfficerRow) -> bool| rows.iter().filter(|r| f(r)).count() as u32;
    let totals = Indicator::ALL
        .into_iter()
        .map(|i| {
            let v = match i {
                Indicator::Officers => officers,
                Indicator::ValidCertificates => {
                    count(&|r| r.certificate_status == Some(CertificateStatus::Valid))
                }
                Indicator::ExpiringCertificates => count(&|r| r.expiring_soon),
                Indicator::TrainingShortfalls => {
                    count(&|r| r.general_shortfall > 0 || r.domain_shortfall > 0)
                }
                Indicator::LegalReviewers => reviewers,
                Indicator::LegalReviewersNeeded => needed,
            };
            (i, v)
        })
        .collect();
    Compliance {
        year,
        totals,
        reviewers_sufficient: reviewers >= needed,
        rows,
    }
}
