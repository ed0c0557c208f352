//! Officers (S3): certificates (行政执法证), training hours, annual assessments, and the
//! compliance view per township.
//!
//! Only officers with a valid certificate act; auxiliary staff never hold one.
//! No indicator here, or anywhere, measures fine revenue (R-09, 《行政处罚法》第七十四条): the
//! compliance view is built from [`Indicator::ALL`], whose units exclude money by type.
//! Not here: storage, who may issue (authorization).

use crate::org::Role;
use crate::{Id, Refusal};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// 四川指导意见 三(一): certificate preconditions, auxiliaries only assist.
pub const BASIS_CERTIFICATE: &str = "四川省司法厅乡镇执法规范化指导意见 三（一）";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    pub id: Id,
    pub holder_id: Id,
    pub number: String,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
    /// 执法领域 the certificate covers, e.g. 生态环境.
    pub domains: Vec<String>,
    pub revocation: Option<Revocation>,
    pub reviews: Vec<AnnualReview>,
}

/// Grounds on which a certificate is cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevocationGround {
    NotInPost,
    UnderInvestigation,
    Disciplined,
    CriminalPunishment,
    Other,
}

impl RevocationGround {
    pub const ALL: [RevocationGround; 5] = [
        RevocationGround::NotInPost,
        RevocationGround::UnderInvestigation,
        RevocationGround::Disciplined,
        RevocationGround::CriminalPunishment,
        RevocationGround::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            RevocationGround::NotInPost => "not_in_post",
            RevocationGround::UnderInvestigation => "under_investigation",
            RevocationGround::Disciplined => "disciplined",
            RevocationGround::CriminalPunishment => "criminal_punishment",
            RevocationGround::Other => "other",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            RevocationGround::NotInPost => "不在行政执法岗位",
            RevocationGround::UnderInvestigation => "正在被立案审查",
            RevocationGround::Disciplined => "受到处分",
            RevocationGround::CriminalPunishment => "受到刑事处罚",
            RevocationGround::Other => "其他",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    pub on: NaiveDate,
    pub ground: RevocationGround,
    pub reason: String,
}

/// 年审.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualReview {
    pub year: i32,
    pub passed: bool,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateStatus {
    Valid,
    NotYetValid,
    Expired,
    Revoked,
    /// The latest annual review failed.
    Suspended,
}

impl CertificateStatus {
    pub fn label(self) -> &'static str {
        match self {
            CertificateStatus::Valid => "有效",
            CertificateStatus::NotYetValid => "未生效",
            CertificateStatus::Expired => "已过期",
            CertificateStatus::Revoked => "已注销",
            CertificateStatus::Suspended => "年审未通过",
        }
    }
}

impl Certificate {
    pub fn status_on(&self, date: NaiveDate) -> CertificateStatus {
        if self.revocation.as_ref().is_some_and(|r| r.on <= date) {
            return CertificateStatus::Revoked;
        }
        if date < self.issued_on {
            return CertificateStatus::NotYetValid;
        }
        if date > self.expires_on {
            return CertificateStatus::Expired;
        }
        let latest = self
            .reviews
            .iter()
            .filter(|r| r.on <= date)
            .max_by_key(|r| (r.on, r.year));
        if latest.is_some_and(|r| !r.passed) {
            return CertificateStatus::Suspended;
        }
        CertificateStatus::Valid
    }

    /// Valid on `date` and covering `domain`.
    pub fn authorises(&self, domain: &str, date: NaiveDate) -> bool {
        self.status_on(date) == CertificateStatus::Valid && self.domains.iter().any(|d| d == domain)
    }

    pub fn revoke(
        &mut self,
        on: NaiveDate,
        ground: RevocationGround,
        reason: &str,
    ) -> Result<(), Refusal> {
        if self.revocation.is_some() {
            return Err(Refusal::new("certificate.already_revoked", "证件已注销"));
        }
        if reason.trim().is_empty() {
            return Err(
                Refusal::new("certificate.revocation_reason", "注销须写明理由").on_field("reason"),
            );
        }
        self.revocation = Some(Revocation {
            on,
            ground,
            reason: reason.trim().to_string(),
        });
        Ok(())
    }

    pub fn record_review(&mut self, review: AnnualReview) -> Result<(), Refusal> {
        if self.revocation.is_some() {
            return Err(Refusal::new("certificate.revoked", "证件已注销，不能年审"));
        }
        if self.reviews.iter().any(|r| r.year == review.year) {
            return Err(Refusal::new(
                "certificate.review_exists",
                format!("{} 年度年审已记录", review.year),
            )
            .on_field("year"));
        }
        if review.year > review.on.year() {
            return Err(
                Refusal::new("certificate.review_future", "不能记录未来年度的年审")
                    .on_field("year"),
            );
        }
        self.reviews.push(review);
        Ok(())
    }
}

/// What issuing a certificate requires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateApplication {
    pub number: String,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
    pub domains: Vec<String>,
    /// 在编.
    pub in_establishment: bool,
    pub general_exam_passed: bool,
    pub domain_exam_passed: bool,
}

/// Checks an application for a holder of `role`. `number_taken` says whether the number is
/// already in use.
pub fn check_application(
    role: Role,
    app: &CertificateApplication,
    number_taken: bool,
) -> Result<(), Refusal> {
    if role == Role::Auxiliary {
        return Err(Refusal::new(
            "certificate.auxiliary",
            "执法辅助人员不得申领行政执法证，只能协助持证执法人员",
        )
        .citing(BASIS_CERTIFICATE));
    }
    let n = app.number.trim();
    if n.is_empty() || n.chars().count() > 32 || n.chars().any(char::is_whitespace) {
        return Err(Refusal::new(
            "certificate.number_invalid",
            "证件号不能为空、不能含空格，且不超过32个字符",
        )
        .on_field("number"));
    }
    if number_taken {
        return Err(
            Refusal::new("certificate.number_taken", format!("证件号 {n} 已被使用"))
                .on_field("number"),
        );
    }
    if !app.in_establishment {
        return Err(
            Refusal::new("certificate.not_established", "申领行政执法证须为在编人员")
                .citing(BASIS_CERTIFICATE)
                .on_field("in_establishment"),
        );
    }
    if !app.general_exam_passed || !app.domain_exam_passed {
        return Err(
            Refusal::new("certificate.exam", "须通过公共法律知识和专业法律知识考试")
                .citing(BASIS_CERTIFICATE)
                .on_field("exams"),
        );
    }
    if app.expires_on <= app.issued_on {
        return Err(
            Refusal::new("certificate.validity", "有效期截止日期须晚于发证日期")
                .on_field("expires_on"),
        );
    }
    if app.domains.iter().all(|d| d.trim().is_empty()) {
        return Err(
            Refusal::new("certificate.domains", "请至少填写一个执法领域").on_field("domains"),
        );
    }
    Ok(())
}

/// 学习培训 kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingKind {
    /// 公共法律知识, by the county justice bureau.
    General,
    /// 专业法律知识, by the county department.
    Domain,
}

impl TrainingKind {
    pub fn key(self) -> &'static str {
        match self {
            TrainingKind::General => "general",
            TrainingKind::Domain => "domain",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        [TrainingKind::General, TrainingKind::Domain]
            .into_iter()
            .find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            TrainingKind::General => "公共法律知识培训",
            TrainingKind::Domain => "专业法律知识培训",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRecord {
    pub id: Id,
    pub user_id: Id,
    pub kind: TrainingKind,
    pub hours: u32,
    pub course: String,
    pub on: NaiveDate,
}

pub fn check_training(hours: u32, course: &str) -> Result<(), Refusal> {
    if hours == 0 || hours > 200 {
        return Err(Refusal::new("training.hours", "学时应在 1 至 200 之间").on_field("hours"));
    }
    if course.trim().is_empty() {
        return Err(Refusal::new("training.course", "请填写培训名称").on_field("course"));
    }
    Ok(())
}

/// 年度考核 grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Excellent,
    Competent,
    BasicallyCompetent,
    Incompetent,
}

impl Grade {
    pub const ALL: [Grade; 4] = [
        Grade::Excellent,
        Grade::Competent,
        Grade::BasicallyCompetent,
        Grade::Incompetent,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Competent => "competent",
            Grade::BasicallyCompetent => "basically_competent",
            Grade::Incompetent => "incompetent",
        }
    }

    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Grade::Excellent => "优秀",
            Grade::Competent => "称职",
            Grade::BasicallyCompetent => "基本称职",
            Grade::Incompetent => "不称职",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnualAssessment {
    pub id: Id,
    pub user_id: Id,
    pub year: i32,
    pub grade: Grade,
    pub note: String,
    pub by_user: Id,
    pub on: NaiveDate,
}

mod compliance;
pub use compliance::*;

#[cfg(test)]
mod tests;
