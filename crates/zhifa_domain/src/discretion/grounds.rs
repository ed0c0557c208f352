//! The grounds (情节) that move a penalty: the statutory grounds for no penalty (不予处罚,
//! 《行政处罚法》第三十条、第三十一条、第三十三条), for a lighter or mitigated penalty (从轻或者减轻,
//! 第三十条、第三十一条、第三十二条), and the common grounds for a heavier one (从重).
//!
//! The law lists the aggravating grounds only for emergencies (第四十九条); the others here are
//! the ones benchmarks commonly name, applied under the rule that a penalty fits the facts,
//! nature, circumstances and harm of the act (第五条第二款) and set out in the benchmark
//! (第三十四条). Using one's right to state a case and defend oneself is never an aggravating
//! ground (第四十五条第二款): [`Ground::ObstructedEnforcement`] is obstruction, not argument.
//!
//! Not here: which grounds a case has (the officer records them with their evidence).

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// What a ground does to the penalty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// 不予行政处罚: no penalty may be given.
    NoPenalty,
    /// 可以不予行政处罚: the agency may decide not to punish.
    MayWaive,
    /// 应当从轻或者减轻行政处罚.
    MandatoryMitigation,
    /// 可以从轻或者减轻行政处罚.
    OptionalMitigation,
    /// 从重.
    Aggravation,
}

impl Effect {
    pub fn label(self) -> &'static str {
        match self {
            Effect::NoPenalty => "不予行政处罚",
            Effect::MayWaive => "可以不予行政处罚",
            Effect::MandatoryMitigation => "应当从轻或者减轻行政处罚",
            Effect::OptionalMitigation => "可以从轻或者减轻行政处罚",
            Effect::Aggravation => "从重处罚",
        }
    }

    /// Whether the ground allows a lighter (从轻) or mitigated (减轻) penalty.
    pub fn mitigates(self) -> bool {
        matches!(
            self,
            Effect::MandatoryMitigation | Effect::OptionalMitigation
        )
    }
}

/// A ground for no, lighter, mitigated or heavier penalty, with its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    /// 不满十四周岁 (第三十条).
    UnderFourteen,
    /// 精神病人、智力残疾人 unable to recognise or control their conduct (第三十一条).
    Incapacitated,
    /// 违法行为轻微并及时改正，没有造成危害后果 (第三十三条第一款).
    MinorCorrectedNoHarm,
    /// 当事人有证据足以证明没有主观过错 (第三十三条第二款).
    NoFault,
    /// 初次违法且危害后果轻微并及时改正: 首违不罚 (第三十三条第一款).
    FirstOffenceSlightHarmCorrected,
    /// 已满十四周岁不满十八周岁 (第三十条).
    Aged14To18,
    /// 主动消除或者减轻违法行为危害后果 (第三十二条第（一）项).
    EliminatedHarm,
    /// 受他人胁迫或者诱骗实施违法行为 (第三十二条第（二）项).
    CoercedOrLured,
    /// 主动供述行政机关尚未掌握的违法行为 (第三十二条第（三）项).
    ConfessedUnknownViolation,
    /// 配合行政机关查处违法行为有立功表现 (第三十二条第（四）项).
    MeritoriousCooperation,
    /// 法律、法规、规章规定的其他应当从轻或者减轻的情形 (第三十二条第（五）项).
    OtherStatutoryMitigation,
    /// Partly unable to recognise or control their conduct (第三十一条).
    PartlyIncapacitated,
    /// 再次违法、屡教不改.
    Repeated,
    /// 造成严重危害后果.
    SeriousConsequences,
    /// 拒不配合调查、阻碍或者暴力抗拒执法.
    ObstructedEnforcement,
    /// 在突发事件期间违反突发事件应对措施 (第四十九条).
    DuringEmergency,
}

/// 《行政处罚法》第五条第二款: the penalty fits the facts, nature, circumstances and harm.
pub const BASIS_PROPORTIONALITY: &str = "《行政处罚法》第五条第二款";

impl Ground {
    pub const ALL: [Ground; 16] = [
        Ground::UnderFourteen,
        Ground::Incapacitated,
        Ground::MinorCorrectedNoHarm,
        Ground::NoFault,
        Ground::FirstOffenceSlightHarmCorrected,
        Ground::Aged14To18,
        Ground::EliminatedHarm,
        Ground::CoercedOrLured,
        Ground::ConfessedUnknownViolation,
        Ground::MeritoriousCooperation,
        Ground::OtherStatutoryMitigation,
        Ground::PartlyIncapacitated,
        Ground::Repeated,
        Ground::SeriousConsequences,
        Ground::ObstructedEnforcement,
        Ground::DuringEmergency,
    ];

    /// The ground as the law words it, for checklists and reasoning.
    pub fn label(self) -> &'static str {
        match self {
            Ground::UnderFourteen => "不满十四周岁的未成年人",
            Ground::Incapacitated => {
                "精神病人、智力残疾人在不能辨认或者不能控制自己行为时有违法行为"
            }
            Ground::MinorCorrectedNoHarm => "违法行为轻微并及时改正，没有造成危害后果",
            Ground::NoFault => "当事人有证据足以证明没有主观过错",
            Ground::FirstOffenceSlightHarmCorrected => "初次违法且危害后果轻微并及时改正",
            Ground::Aged14To18 => "已满十四周岁不满十八周岁的未成年人",
            Ground::EliminatedHarm => "主动消除或者减轻违法行为危害后果",
            Ground::CoercedOrLured => "受他人胁迫或者诱骗实施违法行为",
            Ground::ConfessedUnknownViolation => "主动供述行政机关尚未掌握的违法行为",
            Ground::MeritoriousCooperation => "配合行政机关查处违法行为有立功表现",
            Ground::OtherStatutoryMitigation => {
                "法律、法规、规章规定其他应当从轻或者减轻行政处罚的情形"
            }
            Ground::PartlyIncapacitated => {
                "尚未完全丧失辨认或者控制自己行为能力的精神病人、智力残疾人"
            }
            Ground::Repeated => "再次违法或者屡教不改",
            Ground::SeriousConsequences => "造成严重危害后果",
            Ground::ObstructedEnforcement => "拒不配合调查、阻碍或者暴力抗拒执法",
            Ground::DuringEmergency => "在突发事件期间违反突发事件应对措施",
        }
    }

    /// The provision the ground applies.
    pub fn basis(self) -> &'static str {
        match self {
            Ground::UnderFourteen | Ground::Aged14To18 => "《行政处罚法》第三十条",
            Ground::Incapacitated | Ground::PartlyIncapacitated => "《行政处罚法》第三十一条",
            Ground::MinorCorrectedNoHarm | Ground::FirstOffenceSlightHarmCorrected => {
                "《行政处罚法》第三十三条第一款"
            }
            Ground::NoFault => "《行政处罚法》第三十三条第二款",
            Ground::EliminatedHarm => "《行政处罚法》第三十二条第（一）项",
            Ground::CoercedOrLured => "《行政处罚法》第三十二条第（二）项",
            Ground::ConfessedUnknownViolation => "《行政处罚法》第三十二条第（三）项",
            Ground::MeritoriousCooperation => "《行政处罚法》第三十二条第（四）项",
            Ground::OtherStatutoryMitigation => "《行政处罚法》第三十二条第（五）项",
            Ground::Repeated | Ground::SeriousConsequences | Ground::ObstructedEnforcement => {
                BASIS_PROPORTIONALITY
            }
            Ground::DuringEmergency => "《行政处罚法》第四十九条",
        }
    }

    pub fn effect(self) -> Effect {
        match self {
            Ground::UnderFourteen
            | Ground::Incapacitated
            | Ground::MinorCorrectedNoHarm
            | Ground::NoFault => Effect::NoPenalty,
            Ground::FirstOffenceSlightHarmCorrected => Effect::MayWaive,
            Ground::Aged14To18
            | Ground::EliminatedHarm
            | Ground::CoercedOrLured
            | Ground::ConfessedUnknownViolation
            | Ground::MeritoriousCooperation
            | Ground::OtherStatutoryMitigation => Effect::MandatoryMitigation,
            Ground::PartlyIncapacitated => Effect::OptionalMitigation,
            Ground::Repeated
            | Ground::SeriousConsequences
            | Ground::ObstructedEnforcement
            | Ground::DuringEmergency => Effect::Aggravation,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Ground::UnderFourteen => "under_fourteen",
            Ground::Incapacitated => "incapacitated",
            Ground::MinorCorrectedNoHarm => "minor_corrected_no_harm",
            Ground::NoFault => "no_fault",
            Ground::FirstOffenceSlightHarmCorrected => "first_offence_slight_harm_corrected",
            Ground::Aged14To18 => "aged14_to18",
            Ground::EliminatedHarm => "eliminated_harm",
            Ground::CoercedOrLured => "coerced_or_lured",
            Ground::ConfessedUnknownViolation => "confessed_unknown_violation",
            Ground::MeritoriousCooperation => "meritorious_cooperation",
            Ground::OtherStatutoryMitigation => "other_statutory_mitigation",
            Ground::PartlyIncapacitated => "partly_incapacitated",
            Ground::Repeated => "repeated",
            Ground::SeriousConsequences => "serious_consequences",
            Ground::ObstructedEnforcement => "obstructed_enforcement",
            Ground::DuringEmergency => "during_emergency",
        }
    }

    /// Accepts the key or the label.
    pub fn parse(text: &str) -> Option<Ground> {
        let t = text.trim();
        Self::ALL
            .into_iter()
            .find(|g| t == g.key() || t == g.label())
    }

    /// The checklist for one effect, in statutory order.
    pub fn with_effect(effect: Effect) -> Vec<Ground> {
        Self::ALL
            .into_iter()
            .filter(|g| g.effect() == effect)
            .collect()
    }
}

/// The age ground on the day of the act (《行政处罚法》第三十条), if any.
///
/// Age is counted in 周岁 by the calendar, and a person has "reached" (已满) an age only from
/// the day after that birthday: the rule the Supreme People's Court set for minors
/// (《最高人民法院关于审理未成年人刑事案件具体应用法律若干问题的解释》第二条), applied here by
/// analogy. A 29 February birthday falls on 28 February in other years: the month's last day
/// stands in for a missing one (《民法典》第二百零二条).
pub fn age_ground(birth: NaiveDate, act: NaiveDate) -> Option<Ground> {
    let reached = |years: u32| {
        birth
            .checked_add_months(Months::new(12 * years))
            .is_some_and(|birthday| act > birthday)
    };
    if !reached(14) {
        Some(Ground::UnderFourteen)
    } else if !reached(18) {
        Some(Ground::Aged14To18)
    } else {
        None
    }
}
