//! The numbers and lists the law leaves to local rules, with their defaults: hearing
//! thresholds, what is a major decision needing legal review, which steps
//! need audio/video, the simplified procedure's limits.
//!
//! Not here: deadlines (`deadline::DeadlineParams`), discretion benchmarks (`discretion`).

use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// A step of a case that the record may have to capture on audio/video (执法环节).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// 现场检查（勘验）.
    Inspection,
    /// 调查取证、询问.
    Interview,
    /// 抽样取证.
    Sampling,
    /// 先行登记保存证据.
    EvidencePreservation,
    /// 当面陈述申辩.
    Statement,
    /// 举行听证.
    Hearing,
    /// 当场处罚.
    OnTheSpot,
    /// 直接送达.
    ServiceDirect,
    /// 留置送达.
    ServiceRetained,
    /// 公告送达.
    ServiceAnnouncement,
    /// 责令改正现场复查.
    CorrectionRecheck,
    /// 查封、扣押.
    Seizure,
    /// 强制拆除等强制执行.
    ForcedExecution,
}

impl Step {
    pub const ALL: [Step; 13] = [
        Step::Inspection,
        Step::Interview,
        Step::Sampling,
        Step::EvidencePreservation,
        Step::Statement,
        Step::Hearing,
        Step::OnTheSpot,
        Step::ServiceDirect,
        Step::ServiceRetained,
        Step::ServiceAnnouncement,
        Step::CorrectionRecheck,
        Step::Seizure,
        Step::ForcedExecution,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Step::Inspection => "现场检查（勘验）",
            Step::Interview => "调查取证（询问）",
            Step::Sampling => "抽样取证",
            Step::EvidencePreservation => "先行登记保存证据",
            Step::Statement => "当面陈述申辩",
            Step::Hearing => "举行听证",
            Step::OnTheSpot => "当场处罚",
            Step::ServiceDirect => "直接送达",
            Step::ServiceRetained => "留置送达",
            Step::ServiceAnnouncement => "公告送达",
            Step::CorrectionRecheck => "责令改正现场复查",
            Step::Seizure => "查封、扣押",
            Step::ForcedExecution => "强制拆除等强制执行",
        }
    }

    /// A step where officers face the party or enter a place: R-02 applies (certificate shown,
    /// at least two certified officers) and a 笔录 is made.
    pub fn is_field_step(self) -> bool {
        matches!(
            self,
            Step::Inspection
                | Step::Interview
                | Step::Sampling
                | Step::EvidencePreservation
                | Step::OnTheSpot
                | Step::CorrectionRecheck
                | Step::Seizure
                | Step::ForcedExecution
        )
    }
}

/// How a step must be recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AvRequirement {
    /// Text is enough.
    None,
    /// 音像记录: audio or video of the step.
    Recorded,
    /// 全过程音像记录: video of the whole step.
    WholeProcess,
}

/// The rules a county sets for its cases. Defaults follow `legal-rules` and the lists in the
/// project's reference data; each field names where its default comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CaseRules {
    /// officers who must act together (《行政处罚法》第四十二条: 不得少于两人).
    pub min_officers: u32,
    /// R-42 (较大数额, set locally): a fine from which an individual may ask for a hearing.
    /// Default 5,000 元 (the lower of the published figures, so more parties keep the right).
    pub hearing_individual_fine: Fen,
    /// the same for organisations. Default 100,000 元.
    pub hearing_organisation_fine: Fen,
    /// confiscation of a value from which a hearing may be asked. Default as the fines.
    pub hearing_individual_confiscation: Fen,
    pub hearing_organisation_confiscation: Fen,
    /// R-63 (重大执法决定法制审核目录): fines from which legal review is required. Defaults
    /// 10,000 元 and 100,000 元 (巩义市, 长治市 lists).
    pub review_individual_fine: Fen,
    pub review_organisation_fine: Fen,
    /// Legal review whenever a hearing was held (R-36 item 2; most lists name hearing cases).
    pub review_after_hearing: bool,
    /// Legal review whenever the amount leaves the discretion benchmark's range (S4.5, 巩义市).
    pub review_on_benchmark_departure: bool,
    /// Legal review for penalties against permits or business (吊销, 停产停业, 关闭 …).
    pub review_on_heavy_kinds: bool,
    /// Collective discussion (集体讨论, R-35) whenever legal review is required for amount,
    /// heavy kinds, complexity or public interest.
    pub discussion_when_major: bool,
    /// the simplified procedure's limits. 200 元 for a citizen.
    pub on_the_spot_individual_max: Fen,
    /// 3,000 元 for a legal person or other organisation.
    pub on_the_spot_organisation_max: Fen,
    /// collection on the spot for fines up to 100 元.
    pub collect_on_the_spot_max: Fen,
    /// steps needing audio/video, and those needing the whole process on video.
    pub recorded_steps: Vec<Step>,
    pub whole_process_steps: Vec<Step>,
    /// night for coercive execution, as hours [from, to) across midnight. 22–6, as
    /// 《噪声污染防治法》第八十八条 defines 夜间.
    pub night_from_hour: u32,
    pub night_to_hour: u32,
}

impl Default for CaseRules {
    fn default() -> Self {
        let yuan = |y: i64| Fen::from_yuan(y).expect("a default amount is valid");
        CaseRules {
            min_officers: 2,
            hearing_individual_fine: yuan(5_000),
            hearing_organisation_fine: yuan(100_000),
            hearing_individual_confiscation: yuan(5_000),
            hearing_organisation_confiscation: yuan(100_000),
            review_individual_fine: yuan(10_000),
            review_organisation_fine: yuan(100_000),
            review_after_hearing: true,
            review_on_benchmark_departure: true,
            review_on_heavy_kinds: true,
            discussion_when_major: true,
            on_the_spot_individual_max: yuan(200),
            on_the_spot_organisation_max: yuan(3_000),
            collect_on_the_spot_max: yuan(100),
            // 四川省司法厅乡镇执法规范化指导意见 四（二）and the published lists.
            recorded_steps: vec![
                Step::Inspection,
                Step::Interview,
                Step::Sampling,
                Step::EvidencePreservation,
                Step::Hearing,
                Step::OnTheSpot,
                Step::ServiceRetained,
                Step::ServiceAnnouncement,
            ],
            whole_process_steps: vec![Step::Seizure, Step::ForcedExecution],
            night_from_hour: 22,
            night_to_hour: 6,
        }
    }
}

impl CaseRules {
    pub fn av_requirement(&self, step: Step) -> AvRequirement {
        if self.whole_process_steps.contains(&step) {
            AvRequirement::WholeProcess
        } else if self.recorded_steps.contains(&step) {
            AvRequirement::Recorded
        } else {
            AvRequirement::None
        }
    }

    /// Is `hour` (0–23) at night for R-51?
    pub fn is_night(&self, hour: u32) -> bool {
        if self.night_from_hour <= self.night_to_hour {
            (self.night_from_hour..self.night_to_hour).contains(&hour)
        } else {
            hour >= self.night_from_hour || hour < self.night_to_hour
        }
    }
}
