//! What a decision imposes: the kinds of 《行政处罚法》第九条, at most one fine (第二十九条).
//!
//! Not here: whether the amount fits the benchmark (`discretion`), the thresholds that give
//! hearing rights or call for legal review (`rules`).

use super::basis;
use crate::Refusal;
use crate::money::Fen;
use serde::{Deserialize, Serialize};

/// One kind of penalty (《行政处罚法》第九条). Detention (行政拘留) is not here: only the police
/// may impose it, never a township.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PenaltyKind {
    /// 警告.
    Warning,
    /// 通报批评.
    Criticism,
    /// 罚款.
    Fine { amount: Fen },
    /// 没收违法所得、没收非法财物, with the value of what is confiscated.
    Confiscation { what: String, value: Fen },
    /// 暂扣许可证件.
    SuspendPermit,
    /// 降低资质等级.
    LowerQualification,
    /// 吊销许可证件.
    RevokePermit,
    /// 限制开展生产经营活动.
    LimitOperations,
    /// 责令停产停业.
    SuspendBusiness,
    /// 责令关闭.
    Closure,
    /// 限制从业.
    BarFromPractice,
}

impl PenaltyKind {
    pub fn label(&self) -> String {
        match self {
            PenaltyKind::Warning => "警告".into(),
            PenaltyKind::Criticism => "通报批评".into(),
            PenaltyKind::Fine { amount } => format!("罚款{amount}"),
            PenaltyKind::Confiscation { what, value } => format!("没收{what}（价值{value}）"),
            PenaltyKind::SuspendPermit => "暂扣许可证件".into(),
            PenaltyKind::LowerQualification => "降低资质等级".into(),
            PenaltyKind::RevokePermit => "吊销许可证件".into(),
            PenaltyKind::LimitOperations => "限制开展生产经营活动".into(),
            PenaltyKind::SuspendBusiness => "责令停产停业".into(),
            PenaltyKind::Closure => "责令关闭".into(),
            PenaltyKind::BarFromPractice => "限制从业".into(),
        }
    }

    /// The kinds that give a hearing right whatever the amount (第六十三条第一款第二至四项).
    pub fn gives_hearing_right(&self) -> bool {
        matches!(
            self,
            PenaltyKind::LowerQualification
                | PenaltyKind::RevokePermit
                | PenaltyKind::LimitOperations
                | PenaltyKind::SuspendBusiness
                | PenaltyKind::Closure
                | PenaltyKind::BarFromPractice
        )
    }

    /// How heavy the kind is, to compare two penalties: warnings are lightest, then
    /// money, then measures against permits and business.
    fn weight(&self) -> u8 {
        match self {
            PenaltyKind::Warning => 1,
            PenaltyKind::Criticism => 2,
            PenaltyKind::Fine { .. } => 3,
            PenaltyKind::Confiscation { .. } => 3,
            PenaltyKind::SuspendPermit => 4,
            PenaltyKind::LimitOperations => 5,
            PenaltyKind::LowerQualification => 5,
            PenaltyKind::SuspendBusiness => 6,
            PenaltyKind::BarFromPractice => 6,
            PenaltyKind::RevokePermit => 7,
            PenaltyKind::Closure => 8,
        }
    }

    fn same_kind(&self, other: &PenaltyKind) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

/// What one decision imposes for one act.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Penalty {
    pub kinds: Vec<PenaltyKind>,
}

impl Penalty {
    pub fn fine(amount: Fen) -> Penalty {
        Penalty {
            kinds: vec![PenaltyKind::Fine { amount }],
        }
    }

    pub fn warning() -> Penalty {
        Penalty {
            kinds: vec![PenaltyKind::Warning],
        }
    }

    /// Checks the penalty itself: at least one kind, no kind twice, and so at most one fine
    /// (第二十九条).
    pub fn check(&self) -> Result<(), Refusal> {
        if self.kinds.is_empty() {
            return Err(Refusal::new("penalty.empty", "请至少选择一种处罚种类").on_field("penalty"));
        }
        for (i, k) in self.kinds.iter().enumerate() {
            if self.kinds[..i].iter().any(|o| o.same_kind(k)) {
                let (code, message) = match k {
                    PenaltyKind::Fine { .. } => (
                        "penalty.two_fines",
                        "对当事人的同一个违法行为，不得给予两次以上罚款的行政处罚",
                    ),
                    _ => ("penalty.duplicate_kind", "同一处罚种类只能出现一次"),
                };
                return Err(Refusal::new(code, message)
                    .citing(basis::R18_ONE_FINE)
                    .on_field("penalty"));
            }
            if let PenaltyKind::Fine { amount } = k
                && amount.is_zero()
            {
                return Err(
                    Refusal::new("penalty.zero_fine", "罚款数额必须大于零").on_field("fine")
                );
            }
        }
        Ok(())
    }

    /// The fine, if any.
    pub fn fine_amount(&self) -> Option<Fen> {
        self.kinds.iter().find_map(|k| match k {
            PenaltyKind::Fine { amount } => Some(*amount),
            _ => None,
        })
    }

    /// The value confiscated, if any.
    pub fn confiscated_value(&self) -> Option<Fen> {
        self.kinds.iter().find_map(|k| match k {
            PenaltyKind::Confiscation { value, .. } => Some(*value),
            _ => None,
        })
    }

    /// Only a warning or criticism: no money, no measure.
    pub fn is_warning_only(&self) -> bool {
        !self.kinds.is_empty()
            && self
                .kinds
                .iter()
                .all(|k| matches!(k, PenaltyKind::Warning | PenaltyKind::Criticism))
    }

    /// Is this heavier than `notified` in any respect: a kind heavier than every notified kind,
    /// a kind not notified at all (other than a lighter one), a higher fine or a larger
    /// confiscation? Used for "no heavier penalty because the party defended itself".
    pub fn is_heavier_than(&self, notified: &Penalty) -> bool {
        let notified_max = notified.kinds.iter().map(|k| k.weight()).max().unwrap_or(0);
        let new_kind = self
            .kinds
            .iter()
            .any(|k| !notified.kinds.iter().any(|n| n.same_kind(k)) && k.weight() >= notified_max);
        let more_money = |a: Option<Fen>, b: Option<Fen>| match (a, b) {
            (Some(a), Some(b)) => a > b,
            (Some(_), None) => true,
            _ => false,
        };
        new_kind
            || more_money(self.fine_amount(), notified.fine_amount())
            || more_money(self.confiscated_value(), notified.confiscated_value())
    }

    /// The penalty in words, e.g. 警告、罚款2,000.00元.
    pub fn describe(&self) -> String {
        self.kinds
            .iter()
            .map(PenaltyKind::label)
            .collect::<Vec<_>>()
            .join("、")
    }
}
