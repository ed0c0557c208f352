//! Numbers that the law or the guidance sets but a province may configure, with their
//! defaults and sources. Code reads them from here, never from literals.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Policy {
    /// Annual general-law training hours per officer (R-05, 四川指导意见 三(二)).
    pub general_training_hours: u32,
    /// Annual domain training hours per officer (R-05).
    pub domain_training_hours: u32,
    /// Legal reviewers as a share of officers, in percent (R-08, 四川指导意见 四(三)).
    pub reviewer_percent: u32,
    /// Warn about certificates that expire within this many days.
    pub certificate_warning_days: u32,
    /// Largest evidence file accepted, in bytes: a deployment's disk, not the law, sets it.
    pub evidence_max_bytes: u64,
    /// The case workflow's numbers and lists: hearing and legal-review thresholds, the
    /// audio/video list, the simplified procedure's limits, night hours.
    pub cases: crate::case::CaseRules,
    /// The periods local rules may set: the statement period, publication, due-soon window.
    pub deadlines: crate::deadline::DeadlineParams,
    /// What documents state that the law leaves to local arrangement.
    pub documents: DocumentPolicy,
    /// What is published after decisions, for how long, and the complaint channels.
    pub publicity: crate::publicity::PublicityPolicy,
    /// Complaint deadlines and what a filing may carry.
    pub complaints: crate::complaint::ComplaintPolicy,
}

/// What documents state that the law leaves to local arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentPolicy {
    /// Where fines are paid (罚缴分离: a bank the finance department designates, 《行政处罚法》
    /// 第六十七条), as decisions name it.
    pub payment_place: String,
    /// How long a case file is kept (保管期限), printed on its cover: the county's archive
    /// rules set it (《机关文件材料归档范围和文书档案保管期限规定》 gives 永久, 30年 and 10年).
    pub retention: String,
}

impl Default for DocumentPolicy {
    fn default() -> Self {
        DocumentPolicy {
            payment_place: "本县财政部门指定的罚没款代收银行".into(),
            retention: "30年".into(),
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            general_training_hours: 30,
            domain_training_hours: 30,
            reviewer_percent: 5,
            certificate_warning_days: 90,
            // Room for hours of body-camera video, while one upload cannot fill a small disk.
            evidence_max_bytes: 4 << 30,
            cases: crate::case::CaseRules::default(),
            deadlines: crate::deadline::DeadlineParams::default(),
            documents: DocumentPolicy::default(),
            publicity: crate::publicity::PublicityPolicy::default(),
            complaints: crate::complaint::ComplaintPolicy::default(),
        }
    }
}

impl Policy {
    /// Legal reviewers a body with `officers` officers needs: ⌈officers × percent / 100⌉.
    pub fn reviewers_needed(&self, officers: u32) -> u32 {
        (officers * self.reviewer_percent).div_ceil(100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviewers_needed_rounds_up() {
        let p = Policy::default();
        assert_eq!(p.reviewers_needed(0), 0);
        assert_eq!(p.reviewers_needed(1), 1);
        assert_eq!(p.reviewers_needed(20), 1);
        assert_eq!(p.reviewers_needed(21), 2);
    }

    #[test]
    fn a_policy_file_sets_what_it_names_and_refuses_what_it_does_not_know() {
        let p: Policy = serde_json::from_str(
            r#"{"cases": {"hearing_individual_fine": 300000}, "deadlines": {"statement_days": 5}}"#,
        )
        .unwrap();
        assert_eq!(p.cases.hearing_individual_fine.get(), 300_000);
        assert_eq!(p.cases.min_officers, 2, "the rest keeps its default");
        assert_eq!(p.deadlines.statement_days, 5);
        assert_eq!(p.deadlines.decision_days, 90);
        for bad in [
            r#"{"case": {}}"#,
            r#"{"cases": {"hearing_fine": 1}}"#,
            r#"{"deadlines": {"statement": 5}}"#,
        ] {
            assert!(serde_json::from_str::<Policy>(bad).is_err(), "{bad}");
        }
    }
}
