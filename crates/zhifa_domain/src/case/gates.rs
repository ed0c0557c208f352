//! The legal gates a case passes, each a function refusing with the rule's article.
//!
//! Not here: the order of steps (`decide`), the numbers (`rules`).

use super::basis;
use super::command::CompetenceFinding;
use super::rules::{AvRequirement, CaseRules, Step};
use super::state::{ActDates, Case};
use crate::jurisdiction::CompetenceBasis;
use crate::officers::Certificate;
use crate::org::Role;
use crate::{Id, Refusal};
use chrono::{Months, NaiveDate};

/// An officer named on a case, with the certificate the application found for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficerStanding {
    pub user_id: Id,
    pub name: String,
    pub role: Role,
    pub certificate: Option<Certificate>,
}

/// at least `rules.min_officers` officers, each holding a certificate valid on
/// `date` for the matter's domain; auxiliaries never count.
pub fn check_officers(
    officers: &[OfficerStanding],
    domain: &str,
    date: NaiveDate,
    min: u32,
) -> Result<(), Refusal> {
    let mut ids: Vec<Id> = officers.iter().map(|o| o.user_id).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() != officers.len() {
        return Err(
            Refusal::new("case.officer_twice", "同一执法人员不能重复列入").on_field("officers"),
        );
    }
    for o in officers {
        if o.role == Role::Auxiliary {
            return Err(Refusal::new(
                "case.auxiliary_officer",
                format!(
                    "{}是执法辅助人员，只能协助持证执法人员，不能作为办案人员",
                    o.name
                ),
            )
            .citing("四川省司法厅乡镇执法规范化指导意见 三（一）")
            .on_field("officers"));
        }
        match &o.certificate {
            None => {
                return Err(Refusal::new(
                    "case.officer_uncertified",
                    format!("{}没有行政执法证，不能实施行政处罚", o.name),
                )
                .citing(basis::R01_TWO_OFFICERS)
                .on_field("officers"));
            }
            Some(c) if !c.authorises(domain, date) => {
                return Err(Refusal::new(
                    "case.certificate_not_valid",
                    format!(
                        "{}的执法证（{}）在{}不在有效期内或不含“{}”执法领域",
                        o.name, c.number, date, domain
                    ),
                )
                .citing(basis::R01_TWO_OFFICERS)
                .on_field("officers"));
            }
            Some(_) => {}
        }
    }
    if (officers.len() as u32) < min {
        return Err(Refusal::new(
            "case.too_few_officers",
            format!(
                "执法人员不得少于{min}人（现有{}名持证执法人员）",
                officers.len()
            ),
        )
        .citing(basis::R01_TWO_OFFICERS)
        .on_field("officers"));
    }
    Ok(())
}

/// the case's body must be the competent one on the day of the act; otherwise the
/// refusal names the competent body, to which the case can be transferred.
pub fn check_competence(
    org_id: Id,
    finding: Option<&CompetenceFinding>,
) -> Result<CompetenceBasis, Refusal> {
    match finding {
        None => Err(Refusal::new(
            "case.competence_unknown",
            "无法确定本事项的管辖机关，请先在承接清单中核对事项",
        )
        .citing(basis::R10_DELEGATED)),
        Some(CompetenceFinding::NoCatalogItem { suggested_body }) => Err(Refusal::new(
            "case.not_competent",
            format!(
                "本事项不在本机关的权责清单或承接清单内，不属于本机关管辖，应当移送{suggested_body}"
            ),
        )
        .citing(basis::R10_DELEGATED)
        .on_field("matter")),
        Some(CompetenceFinding::Resolved {
            competence,
            holder_name,
        }) => {
            if competence.holder_id == org_id {
                Ok(competence.basis)
            } else {
                Err(Refusal::new(
                    "case.not_competent",
                    format!(
                        "违法行为发生之日本事项由{holder_name}管辖，不在本机关承接清单内，应当移送{holder_name}"
                    ),
                )
                .citing(basis::R10_DELEGATED)
                .on_field("matter"))
            }
        }
    }
}

/// not punished if undiscovered for 2 years (5 where life, health or financial safety is
/// involved and harm was caused), counted from the act or from the end of a continuing act.
/// `found_on` is the day the case was registered.
pub fn check_limitation(
    act: &ActDates,
    safety_related: bool,
    found_on: NaiveDate,
) -> Result<(), Refusal> {
    if act.occurred_on > found_on
        || act
            .ended_on
            .is_some_and(|e| e > found_on || e < act.occurred_on)
    {
        return Err(
            Refusal::new("case.act_dates", "违法行为发生日期、终了日期与发现日期不符")
                .on_field("act"),
        );
    }
    if act.continuing && act.ended_on.is_none() {
        return Ok(());
    }
    let from = act.ended_on.unwrap_or(act.occurred_on);
    let years = if safety_related && act.caused_harm {
        5
    } else {
        2
    };
    let limit = from
        .checked_add_months(Months::new(12 * years))
        .unwrap_or(NaiveDate::MAX);
    if found_on > limit {
        return Err(Refusal::new(
            "case.limitation",
            format!(
                "违法行为自{from}起{years}年内未被发现（{found_on}发现），依法不再给予行政处罚"
            ),
        )
        .citing(basis::R23_LIMITATION)
        .on_field("act"));
    }
    Ok(())
}

/// What a step's record shows, for [`check_step`].
#[derive(Debug, Clone, Copy)]
pub struct StepCheck<'a> {
    pub step: Step,
    pub on: NaiveDate,
    pub certificate_shown: bool,
    pub audio_video: bool,
    pub av_exception: Option<&'a str>,
}

/// a field step needs the certificate shown and the required officers; a step on
/// the audio/video list needs audio/video or an explained exception.
pub fn check_step(
    rules: &CaseRules,
    officers: &[OfficerStanding],
    domain: &str,
    record: &StepCheck<'_>,
) -> Result<(), Refusal> {
    let StepCheck {
        step,
        on,
        certificate_shown,
        audio_video,
        av_exception,
    } = *record;
    if step.is_field_step() {
        if !certificate_shown {
            return Err(Refusal::new(
                "case.certificate_not_shown",
                format!(
                    "{}时执法人员应当主动出示执法证件，未出示的当事人有权拒绝",
                    step.label()
                ),
            )
            .citing(basis::R02_SHOW_CERTIFICATE)
            .on_field("certificate_shown"));
        }
        check_officers(officers, domain, on, rules.min_officers)?;
    }
    let exception = av_exception.map(str::trim).filter(|e| !e.is_empty());
    match rules.av_requirement(step) {
        AvRequirement::None => Ok(()),
        _ if audio_video => Ok(()),
        AvRequirement::Recorded if exception.is_some() => Ok(()),
        AvRequirement::Recorded => Err(Refusal::new(
            "case.audio_video_required",
            format!(
                "{}须进行音像记录：请上传录音录像，或说明未能记录的原因（将提交监督）",
                step.label()
            ),
        )
        .citing(basis::R60_AUDIO_VIDEO)
        .on_field("evidence")),
        AvRequirement::WholeProcess if exception.is_some() => Ok(()),
        AvRequirement::WholeProcess => Err(Refusal::new(
            "case.whole_process_video_required",
            format!(
                "{}须全过程音像记录：请上传全过程录像，或说明未能记录的原因（将提交监督）",
                step.label()
            ),
        )
        .citing(basis::R60_AUDIO_VIDEO)
        .on_field("evidence")),
    }
}

/// Handler, reviewer and decider are three different people: `person` in `role` must
/// not already act in another capacity on the case.
pub fn check_separation(case: &Case, person: Id, capacity: &str) -> Result<(), Refusal> {
    let handled = case.officers.iter().any(|o| o.user_id == person);
    let reviewed = matches!(
        case.review,
        super::state::Review::Passed { reviewer_id, .. }
            | super::state::Review::Returned { reviewer_id, .. } if reviewer_id == person
    );
    let (clash, was) = match capacity {
        "reviewer" if handled => (true, "办案人员"),
        "decider" if handled => (true, "办案人员"),
        "decider" if reviewed => (true, "法制审核人员"),
        _ => (false, ""),
    };
    if clash {
        let now = if capacity == "reviewer" {
            "法制审核"
        } else {
            "作出决定"
        };
        return Err(Refusal::new(
            "case.separation",
            format!("本案{was}不得再{now}：办案、审核、决定应当由不同人员分别负责"),
        )
        .citing(basis::R62_SEPARATION));
    }
    Ok(())
}
